package io.exordos.s3aas.operator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How to run the operator. Build one with {@link #forServer} or {@link #forKubeconfig} and the
 * {@code with*} methods; every field has a sensible default.
 *
 * @param serverUrl the resource API (s3aas server or a Kubernetes API server), or null with a
 *     kubeconfig
 * @param token bearer token for {@code serverUrl}
 * @param caCertPem PEM of the CA that signed the server's certificate (null: system trust store)
 * @param kubeconfig a kubeconfig file instead of serverUrl/token
 * @param namespaces namespaces to watch; empty means all
 * @param provisioner {@code local} or {@code exordos}
 * @param exordosUrl Exordos Core user API, e.g. {@code http://10.20.0.2/api/core}
 * @param exordosProject project UUID the node sets live in (null: the user's default project)
 * @param localStateDir where the local provisioner keeps its nodes' data
 * @param rustfsBinary a rustfs executable for the local provisioner (null: PATH, else the emulator)
 * @param pollInterval how often each instance's data plane is observed for drift (default 60 s)
 * @param provisionCheck how often an instance being provisioned is looked at again
 * @param bucketSamplesPerPoll buckets whose full settings are read per poll, in rotation
 * @param reconcileThreads JOSDK reconciliation threads
 * @param maxInFlightPerNode concurrent calls to one RustFS node
 * @param versionsCatalog a versions catalog file (null: the built-in one)
 * @param leaderElection take a Lease before reconciling (several replicas)
 * @param leaseNamespace namespace of the Lease
 * @param identity this replica's identity in the Lease (null: host name + random suffix)
 * @param metricsPort serve Prometheus metrics on this port ({@code /metrics}); -1 disables
 */
public record OperatorConfig(
    String serverUrl,
    String token,
    String caCertPem,
    Path kubeconfig,
    Set<String> namespaces,
    String provisioner,
    String exordosUrl,
    String exordosUser,
    String exordosPassword,
    String exordosProject,
    Path localStateDir,
    Path rustfsBinary,
    Duration pollInterval,
    Duration provisionCheck,
    int bucketSamplesPerPoll,
    int reconcileThreads,
    int maxInFlightPerNode,
    Path versionsCatalog,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    int metricsPort) {

  public static final String LOCAL = "local";
  public static final String EXORDOS = "exordos";

  private static OperatorConfig base(String url, String token, String ca, Path kubeconfig) {
    return new OperatorConfig(
        url,
        token,
        ca,
        kubeconfig,
        Set.of(),
        LOCAL,
        null,
        null,
        null,
        null,
        Path.of(System.getProperty("user.home"), ".s3aas", "local-nodes"),
        null,
        Duration.ofSeconds(60),
        Duration.ofSeconds(2),
        1,
        50,
        16,
        null,
        false,
        "default",
        null,
        -1);
  }

  /**
   * Against an s3aas server (or any API server) with a bearer token; {@code caCertPem} may be null.
   */
  public static OperatorConfig forServer(String url, String token, String caCertPem) {
    return base(url, token, caCertPem, null);
  }

  public static OperatorConfig forKubeconfig(Path kubeconfig) {
    return base(null, null, null, kubeconfig);
  }

  /** The local provisioner, keeping node data under {@code stateDir}. */
  public OperatorConfig withLocalProvisioner(Path stateDir) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        LOCAL,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        stateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withExordos(String url, String user, String password, String project) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        EXORDOS,
        url,
        user,
        password,
        project,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withNamespaces(Set<String> ns) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        Set.copyOf(ns),
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withRustfsBinary(Path binary) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        binary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withPollInterval(Duration d) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        d,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withProvisionCheck(Duration d) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        d,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withBucketSamplesPerPoll(int n) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        n,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withParallelism(int threads, int perNode) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        threads,
        perNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withVersionsCatalog(Path file) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        file,
        leaderElection,
        leaseNamespace,
        identity,
        metricsPort);
  }

  public OperatorConfig withLeaderElection(String leaseNs, String id) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        true,
        leaseNs,
        id,
        metricsPort);
  }

  public OperatorConfig withMetricsPort(int port) {
    return new OperatorConfig(
        serverUrl,
        token,
        caCertPem,
        kubeconfig,
        namespaces,
        provisioner,
        exordosUrl,
        exordosUser,
        exordosPassword,
        exordosProject,
        localStateDir,
        rustfsBinary,
        pollInterval,
        provisionCheck,
        bucketSamplesPerPoll,
        reconcileThreads,
        maxInFlightPerNode,
        versionsCatalog,
        leaderElection,
        leaseNamespace,
        identity,
        port);
  }

  @Override
  public String toString() {
    return "OperatorConfig["
        + (serverUrl != null ? serverUrl : kubeconfig)
        + ", provisioner="
        + provisioner
        + ", poll="
        + pollInterval
        + ", namespaces="
        + (namespaces.isEmpty() ? "all" : namespaces)
        + "]";
  }
}
