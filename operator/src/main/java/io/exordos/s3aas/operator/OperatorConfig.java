package io.exordos.s3aas.operator;

import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How to run the operator. Build one with {@link #forServer} or {@link #forKubeconfig} and the
 * {@code with*} methods; every field but the API and the provisioner has a sensible default.
 *
 * @param serverUrl the resource API (s3aas server or a Kubernetes API server), or null with a
 *     kubeconfig
 * @param token bearer token for {@code serverUrl}
 * @param caCertPem PEM of the CA that signed the server's certificate (null: system trust store)
 * @param kubeconfig a kubeconfig file instead of serverUrl/token
 * @param namespaces namespaces to watch; empty means all
 * @param provisioner where instances' nodes come from (local processes or Exordos Core), complete
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
    @Nullable String serverUrl,
    @Nullable String token,
    @Nullable String caCertPem,
    @Nullable Path kubeconfig,
    Set<String> namespaces,
    ProvisionerConfig provisioner,
    Duration pollInterval,
    Duration provisionCheck,
    int bucketSamplesPerPoll,
    int reconcileThreads,
    int maxInFlightPerNode,
    @Nullable Path versionsCatalog,
    boolean leaderElection,
    String leaseNamespace,
    @Nullable String identity,
    int metricsPort) {

  private static OperatorConfig base(
      @Nullable String url,
      @Nullable String token,
      @Nullable String ca,
      @Nullable Path kubeconfig,
      ProvisionerConfig provisioner) {
    return new OperatorConfig(
        url,
        token,
        ca,
        kubeconfig,
        Set.of(),
        provisioner,
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
  public static OperatorConfig forServer(
      String url,
      @Nullable String token,
      @Nullable String caCertPem,
      ProvisionerConfig provisioner) {
    return base(url, token, caCertPem, null, provisioner);
  }

  public static OperatorConfig forKubeconfig(Path kubeconfig, ProvisionerConfig provisioner) {
    return base(null, null, null, kubeconfig, provisioner);
  }

  public OperatorConfig withProvisioner(ProvisionerConfig provisioner) {
    Copy c = new Copy(this);
    c.provisioner = provisioner;
    return c.build();
  }

  public OperatorConfig withNamespaces(Set<String> ns) {
    Copy c = new Copy(this);
    c.namespaces = Set.copyOf(ns);
    return c.build();
  }

  public OperatorConfig withPollInterval(Duration d) {
    Copy c = new Copy(this);
    c.pollInterval = d;
    return c.build();
  }

  public OperatorConfig withProvisionCheck(Duration d) {
    Copy c = new Copy(this);
    c.provisionCheck = d;
    return c.build();
  }

  public OperatorConfig withBucketSamplesPerPoll(int n) {
    Copy c = new Copy(this);
    c.bucketSamplesPerPoll = n;
    return c.build();
  }

  public OperatorConfig withParallelism(int threads, int perNode) {
    Copy c = new Copy(this);
    c.reconcileThreads = threads;
    c.maxInFlightPerNode = perNode;
    return c.build();
  }

  public OperatorConfig withVersionsCatalog(Path file) {
    Copy c = new Copy(this);
    c.versionsCatalog = file;
    return c.build();
  }

  public OperatorConfig withLeaderElection(String leaseNs, @Nullable String id) {
    Copy c = new Copy(this);
    c.leaderElection = true;
    c.leaseNamespace = leaseNs;
    c.identity = id;
    return c.build();
  }

  public OperatorConfig withMetricsPort(int port) {
    Copy c = new Copy(this);
    c.metricsPort = port;
    return c.build();
  }

  @Override
  public String toString() {
    return "OperatorConfig["
        + (serverUrl != null ? serverUrl : kubeconfig)
        + ", provisioner="
        + provisioner.name()
        + ", poll="
        + pollInterval
        + ", namespaces="
        + (namespaces.isEmpty() ? "all" : namespaces)
        + "]";
  }

  /** A mutable copy, so each {@code with...} method names only the fields it changes. */
  private static final class Copy {
    private final @Nullable String serverUrl;
    private final @Nullable String token;
    private final @Nullable String caCertPem;
    private final @Nullable Path kubeconfig;
    private Set<String> namespaces;
    private ProvisionerConfig provisioner;
    private Duration pollInterval;
    private Duration provisionCheck;
    private int bucketSamplesPerPoll;
    private int reconcileThreads;
    private int maxInFlightPerNode;
    private @Nullable Path versionsCatalog;
    private boolean leaderElection;
    private String leaseNamespace;
    private @Nullable String identity;
    private int metricsPort;

    Copy(OperatorConfig c) {
      serverUrl = c.serverUrl;
      token = c.token;
      caCertPem = c.caCertPem;
      kubeconfig = c.kubeconfig;
      namespaces = c.namespaces;
      provisioner = c.provisioner;
      pollInterval = c.pollInterval;
      provisionCheck = c.provisionCheck;
      bucketSamplesPerPoll = c.bucketSamplesPerPoll;
      reconcileThreads = c.reconcileThreads;
      maxInFlightPerNode = c.maxInFlightPerNode;
      versionsCatalog = c.versionsCatalog;
      leaderElection = c.leaderElection;
      leaseNamespace = c.leaseNamespace;
      identity = c.identity;
      metricsPort = c.metricsPort;
    }

    OperatorConfig build() {
      return new OperatorConfig(
          serverUrl,
          token,
          caCertPem,
          kubeconfig,
          namespaces,
          provisioner,
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
  }
}
