package io.exordos.s3aas.dist;

import io.exordos.s3aas.operator.OperatorConfig;
import io.exordos.s3aas.operator.S3aasOperator;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code s3aas operator}: runs the operator until interrupted (Ctrl-C, SIGTERM or the thread being
 * interrupted). The provisioner's options are checked before anything starts: a missing Exordos
 * option is a usage error naming it.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description =
        "Reconcile S3 instances, buckets, policies, users and access keys until converged.")
public final class OperatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      description = "resource API URL (s3aas server or Kubernetes API server)")
  @Nullable String server;

  @Option(names = "--token", description = "bearer token for --server (default: $S3AAS_TOKEN)")
  @Nullable String token;

  @Option(
      names = "--ca-file",
      description = "PEM file of the CA that signed the server's certificate")
  @Nullable Path caFile;

  @Option(names = "--kubeconfig", description = "kubeconfig file instead of --server/--token")
  @Nullable Path kubeconfig;

  @Option(names = "--namespace", split = ",", description = "namespaces to watch (default: all)")
  Set<String> namespaces = Set.of();

  @Option(
      names = "--provisioner",
      defaultValue = "local",
      description = "local or exordos (default: ${DEFAULT-VALUE})")
  String provisioner;

  @Option(names = "--exordos-url", description = "Exordos Core API, e.g. http://10.20.0.2/api/core")
  @Nullable String exordosUrl;

  @Option(names = "--exordos-user")
  @Nullable String exordosUser;

  @Option(names = "--exordos-password", description = "(default: $EXORDOS_PASSWORD)")
  @Nullable String exordosPassword;

  @Option(names = "--exordos-project", description = "project UUID for node sets")
  @Nullable String exordosProject;

  @Option(
      names = "--state-dir",
      description = "local provisioner's node data (default: ~/.s3aas/local-nodes)")
  @Nullable Path stateDir;

  @Option(
      names = "--poll-interval",
      defaultValue = "PT60S",
      description = "drift observation interval, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration pollInterval;

  @Option(names = "--versions", description = "versions catalog file (YAML or JSON)")
  @Nullable Path versions;

  @Option(
      names = "--leader-election",
      description = "take the s3aas-operator Lease before reconciling")
  boolean leaderElection;

  @Option(names = "--lease-namespace", defaultValue = "default")
  String leaseNamespace;

  @Option(
      names = "--metrics-port",
      defaultValue = "-1",
      description = "serve /metrics on this port (-1: off)")
  int metricsPort;

  @Override
  // -Xlint:try: the operator runs until the try block ends; its handle is only there to be closed
  @SuppressWarnings("try")
  public Integer call() throws Exception {
    ProvisionerConfig nodes = provisioner();
    OperatorConfig config;
    if (kubeconfig != null) {
      config = OperatorConfig.forKubeconfig(kubeconfig, nodes);
    } else if (server != null) {
      String t = token != null ? token : System.getenv("S3AAS_TOKEN");
      String ca = caFile != null ? Files.readString(caFile) : null;
      config = OperatorConfig.forServer(server, t, ca, nodes);
    } else {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --server URL or --kubeconfig FILE");
    }
    config =
        config
            .withNamespaces(namespaces)
            .withPollInterval(pollInterval)
            .withMetricsPort(metricsPort);
    if (versions != null) {
      config = config.withVersionsCatalog(versions);
    }
    if (leaderElection) {
      config = config.withLeaderElection(leaseNamespace, null);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "s3aas-operator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (S3aasOperator op = S3aasOperator.start(config)) {
      System.out.println("s3aas operator running (" + config + ")");
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
    return 0;
  }

  /** The provisioner the options ask for, complete (or an error naming what is missing). */
  ProvisionerConfig provisioner() {
    return switch (provisioner) {
      case "exordos" ->
          ProvisionerConfig.Exordos.of(
              exordosUrl,
              exordosUser,
              exordosPassword != null ? exordosPassword : System.getenv("EXORDOS_PASSWORD"),
              exordosProject);
      case "local" ->
          LocalMode.provisioner(
              stateDir != null
                  ? stateDir
                  : Path.of(System.getProperty("user.home"), ".s3aas", "local-nodes"));
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--provisioner: unknown provisioner '" + provisioner + "': use local or exordos");
    };
  }
}
