package io.exordos.s3aas.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.operator.observe.ObservationCache;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.exordos.s3aas.operator.provision.ExordosProvisioner;
import io.exordos.s3aas.operator.provision.LocalProvisioner;
import io.exordos.s3aas.operator.provision.Provisioner;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.reconciler.AccessKeyReconciler;
import io.exordos.s3aas.operator.reconciler.BucketReconciler;
import io.exordos.s3aas.operator.reconciler.EventRecorder;
import io.exordos.s3aas.operator.reconciler.InstanceDirectory;
import io.exordos.s3aas.operator.reconciler.OperatorServices;
import io.exordos.s3aas.operator.reconciler.S3InstanceReconciler;
import io.exordos.s3aas.operator.reconciler.S3PolicyReconciler;
import io.exordos.s3aas.operator.reconciler.S3UserReconciler;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.exordos.s3aas.operator.usage.UsageMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s3aas operator: five JOSDK reconcilers over the resource API, a provisioner for the data
 * plane and a per-instance observation cache. Usable in-process ({@code s3aas up}) and from {@link
 * OperatorCommand}.
 *
 * <pre>{@code
 * try (S3aasOperator op = S3aasOperator.start(OperatorConfig.forServer(url, token, caPem,
 *         new ProvisionerConfig.Local(stateDir, new RustfsProcesses(binary))))) {
 *     ... // reconciles until closed
 * }
 * }</pre>
 */
public final class S3aasOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3aasOperator.class);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final Provisioner provisioner;
  private final NodeClients nodes;
  private final ObservationCache cache;
  private final UsageMetrics usageMetrics = new UsageMetrics();
  private final OperatorMetrics metrics;
  private final Operator operator;
  private final UnreadableObjects unreadable = new UnreadableObjects();

  private S3aasOperator(OperatorConfig config) {
    this.config = config;
    this.client = client(config, unreadable);
    unreadable.recordWith(new EventRecorder(client));
    this.provisioner = provisioner(config);
    this.nodes = new NodeClients(config.maxInFlightPerNode());
    this.cache = new ObservationCache(config.pollInterval(), config.bucketSamplesPerPoll());
    this.metrics = new OperatorMetrics(nodes, usageMetrics);
    VersionCatalog catalog =
        config.versionsCatalog() == null
            ? VersionCatalog.builtIn()
            : VersionCatalog.load(config.versionsCatalog());
    OperatorServices services =
        new OperatorServices(
            client,
            provisioner,
            catalog,
            nodes,
            cache,
            new EventRecorder(client),
            new InstanceDirectory(client, nodes, cache),
            config.provisionCheck(),
            usageMetrics);
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withMetrics(metrics)
                  // An informer error, at start-up or later, never stops the process: the
                  // informer retries, and every other kind (and object) keeps reconciling.
                  .withStopOnInformerErrorDuringStartup(false)
                  .withInformerStoppedHandler(S3aasOperator::informerStopped)
                  .withCacheSyncTimeout(Duration.ofMinutes(2));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            "s3aas-operator")
                        .withLeaseNamespace(config.leaseNamespace())
                        .withIdentity(config.identity() != null ? config.identity() : identity())
                        .withExitOnStopLeading(false)
                        .build());
              }
            });
    operator.register(new S3InstanceReconciler(services), this::override);
    operator.register(new BucketReconciler(services), this::override);
    operator.register(new S3PolicyReconciler(services), this::override);
    operator.register(new S3UserReconciler(services), this::override);
    operator.register(new AccessKeyReconciler(services), this::override);
  }

  /**
   * Retry transient failures forever with capped exponential backoff; at most 10 reconciles per
   * second per object.
   */
  private <P extends HasMetadata> void override(ControllerConfigurationOverrider<P> o) {
    o.withRetry(
        new GenericRetry()
            .setInitialInterval(Duration.ofMillis(500))
            .setIntervalMultiplier(2)
            .setMaxInterval(30_000)
            .withoutMaxAttempts());
    o.withRateLimiter(new LinearRateLimiter(Duration.ofSeconds(1), 10));
    if (!config.namespaces().isEmpty()) {
      o.settingNamespaces(config.namespaces());
    }
  }

  /**
   * Builds and starts the operator; returns once the informers are synced (or, with leader
   * election, once started).
   */
  public static S3aasOperator start(OperatorConfig config) {
    S3aasOperator op = new S3aasOperator(config);
    try {
      if (config.metricsPort() >= 0) {
        op.metrics.serve(config.metricsPort());
      }
      op.operator.start();
    } catch (IOException e) {
      op.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      op.close();
      throw e;
    }
    LOG.info("s3aas operator started: {}", config);
    return op;
  }

  /**
   * JOSDK's default ends the process when an informer stops, which would stop reconciling for every
   * tenant because of one object; the lenient deserialization (see {@link #client}) keeps that from
   * happening, and should an informer stop anyway, this says which one, loudly.
   */
  private static void informerStopped(SharedIndexInformer<?> informer, @Nullable Throwable error) {
    if (error == null) {
      return; // stopped by the operator's own shutdown
    }
    LOG.error(
        "the informer for {} stopped; objects of that kind are not reconciled until the operator"
            + " restarts",
        informer.getApiTypeClass().getSimpleName(),
        error);
  }

  static KubernetesClient client(OperatorConfig config) {
    return client(config, new UnreadableObjects());
  }

  private static KubernetesClient client(OperatorConfig config, UnreadableObjects unreadable) {
    Config k8s;
    if (config.kubeconfig() != null) {
      try {
        k8s = Config.fromKubeconfig(Files.readString(config.kubeconfig(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read kubeconfig " + config.kubeconfig(), e);
      }
      k8s.setOnlyHttpWatches(true);
      k8s.setHttp2Disable(true);
    } else {
      ConfigBuilder b =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(config.serverUrl())
              .withOauthToken(config.token())
              .withOnlyHttpWatches(true)
              .withHttp2Disable(true)
              .withRequestTimeout(30_000)
              .withConnectionTimeout(10_000);
      if (config.caCertPem() != null) {
        b.withCaCertData(
            Base64.getEncoder()
                .encodeToString(config.caCertPem().getBytes(StandardCharsets.UTF_8)));
      }
      k8s = b.build();
    }
    // A field whose value has the wrong type is read as absent, with a warning, instead of failing
    // the whole list or watch that carries it (see MalformedFieldSkipper); the object's owner is
    // told (UnreadableObjects).
    ObjectMapper mapper = new ObjectMapper();
    mapper.addHandler(new MalformedFieldSkipper());
    mapper.registerModule(unreadable.module());
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    return new KubernetesClientBuilder()
        .withConfig(k8s)
        .withKubernetesSerialization(serialization)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  static Provisioner provisioner(OperatorConfig config) {
    // a sealed type of two: Java 17 has no pattern switch to say so
    if (config.provisioner() instanceof ProvisionerConfig.Exordos exordos) {
      return new ExordosProvisioner(
          new ExordosClient(exordos.url(), exordos.user(), exordos.password(), exordos.project()));
    }
    return new LocalProvisioner((ProvisionerConfig.Local) config.provisioner());
  }

  private static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "s3aas-operator";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public OperatorConfig config() {
    return config;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Calls made to RustFS nodes so far (every attempt counts). */
  public long nodeCalls() {
    return nodes.totalCalls();
  }

  public ObservationCache observations() {
    return cache;
  }

  public Provisioner provisioner() {
    return provisioner;
  }

  /** The Prometheus text of the operator's counters. */
  public String metrics() {
    return metrics.scrape();
  }

  public int metricsPort() {
    return metrics.port();
  }

  /**
   * Stops reconciling and releases everything; local nodes stop too (their data stays for the next
   * start).
   */
  @Override
  public void close() {
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the operator: {}", e.toString());
    }
    cache.close();
    metrics.close();
    provisioner.close();
    nodes.close();
    unreadable.close();
    client.close();
  }
}
