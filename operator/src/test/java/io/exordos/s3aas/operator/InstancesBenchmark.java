package io.exordos.s3aas.operator;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.NodeStatus;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.provision.Uuids;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Many instances through the Exordos provisioner: I S3Instances (default 1,000), each with P
 * buckets, P users and P access keys (default 10), against the Core emulator, whose node sets start
 * one RustFS node emulator each. Reports the time from the first create to every instance ACTIVE
 * (and every object ACTIVE), the operator-added latency from a node set turning ACTIVE in Core to
 * the instance turning ACTIVE (p50/p99), Core calls per instance by kind, the steady-state Core and
 * node calls per instance per poll, and then restarts the operator with nothing changed and counts
 * its writes (API, node and Core). Run with bench/instances/run.sh.
 *
 * <p>System properties: {@code instances} (1000), {@code perInstance} (10), {@code pollSeconds}
 * (10), {@code provisionCheckMs} (the operator's default), {@code threads} (50), {@code writers}
 * (16 driver threads), {@code restart} (true).
 */
public final class InstancesBenchmark {
  private static final String NS = "default";

  /** Node calls besides Get*, List* and Head* that change nothing on the node. */
  private static final Set<String> NODE_READS =
      Set.of(
          "Health", "DataUsageInfo", "StorageInfo", "ServerInfo", "InfoCannedPolicy", "UserInfo");

  private static boolean nodeWrite(String kind) {
    return !(kind.startsWith("Get")
        || kind.startsWith("List")
        || kind.startsWith("Head")
        || NODE_READS.contains(kind));
  }

  private InstancesBenchmark() {}

  public static void main(String[] args) throws Exception {
    int instances = Integer.getInteger("instances", 1000);
    int perInstance = Integer.getInteger("perInstance", 10);
    int pollSeconds = Integer.getInteger("pollSeconds", 10);
    int threads = Integer.getInteger("threads", 50);
    int writers = Integer.getInteger("writers", 16);
    boolean restart = Boolean.parseBoolean(System.getProperty("restart", "true"));
    ApiWrites apiWrites = ApiWrites.attach();
    try (TestEnv env = new TestEnv();
        ExordosCore core =
            ExordosCore.start(
                ExordosCore.Config.of("admin", "admin-pass")
                    .withDelays(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50)))) {
      KubernetesClient k = env.client;
      OperatorConfig config =
          env.config()
              .withProvisioner(
                  ProvisionerConfig.Exordos.of(
                      core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
              .withPollInterval(Duration.ofSeconds(pollSeconds))
              .withParallelism(threads, 16);
      String check = System.getProperty("provisionCheckMs");
      if (check != null) {
        config = config.withProvisionCheck(Duration.ofMillis(Long.parseLong(check)));
      }
      System.out.printf(
          "=== s3aas many-instances benchmark ===%ninstances: %d, each with %d buckets, %d users,"
              + " %d access keys; poll %d s, provision check %d ms, %d reconcile threads%n",
          instances,
          perInstance,
          perInstance,
          perInstance,
          pollSeconds,
          config.provisionCheck().toMillis(),
          threads);

      // when each instance was first seen ACTIVE, from a watch in this JVM (same clock as Core's)
      Map<String, Instant> activeSeen = new ConcurrentHashMap<>();
      SharedIndexInformer<S3Instance> watch =
          k.resources(S3Instance.class).inNamespace(NS).inform(new ActiveWatch(activeSeen));
      S3aasOperator op = S3aasOperator.start(config);
      try {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          int id = i;
          writes.add(pool.submit(() -> createInstance(k, id, perInstance)));
        }
        for (Future<?> f : writes) {
          f.get();
        }
        pool.shutdown();
        double created = seconds(t0);
        System.out.printf(
            "driver's creates: %d objects in %.1f s%n", instances * (1 + 3 * perInstance), created);
        await()
            .atMost(Duration.ofMinutes(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> activeSeen.size() >= instances);
        double instancesActive = seconds(t0);
        Map<String, Long> coreUntilActive = core.calls().snapshot();
        long objects = (long) instances * perInstance;
        await()
            .atMost(Duration.ofMinutes(30))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    active(k, Bucket.class) == objects
                        && active(k, S3User.class) == objects
                        && active(k, AccessKey.class) == objects);
        double allActive = seconds(t0);
        Map<String, Long> coreUntilConverged = core.calls().snapshot();

        List<S3Instance> all = k.resources(S3Instance.class).inNamespace(NS).list().getItems();
        Latencies lat = Latencies.of(all, core, activeSeen);
        System.out.printf("all %d instances ACTIVE after: %.1f s%n", instances, instancesActive);
        System.out.printf(
            "all %d objects ACTIVE after:   %.1f s%n",
            instances * (1 + 3 * perInstance), allActive);
        System.out.printf(
            "node set ACTIVE in Core -> instance ACTIVE: p50 %d ms, p90 %d ms, p99 %d ms, max %d"
                + " ms%n",
            lat.fromSet.p(50), lat.fromSet.p(90), lat.fromSet.p(99), lat.fromSet.max());
        System.out.printf(
            "  of which set ACTIVE -> its config created (operator): p50 %d ms, p99 %d ms, max %d"
                + " ms%n",
            lat.toConfig.p(50), lat.toConfig.p(99), lat.toConfig.max());
        System.out.printf(
            "node's RustFS serving -> instance ACTIVE:   p50 %d ms, p90 %d ms, p99 %d ms, max %d"
                + " ms%n",
            lat.fromNode.p(50), lat.fromNode.p(90), lat.fromNode.p(99), lat.fromNode.max());
        System.out.printf(
            "Core calls per instance until all instances ACTIVE: %s%n",
            perInstance(coreUntilActive, instances));
        System.out.printf(
            "Core calls per instance until all objects ACTIVE:   %s%n",
            perInstance(coreUntilConverged, instances));
        System.out.printf(
            "node calls per instance until converged: %s%n",
            perInstance(nodeCalls(core, all), instances));
        System.out.printf(
            "JVM threads: %d%n", ManagementFactory.getThreadMXBean().getThreadCount());

        steadyState(op, core, all, apiWrites, pollSeconds);

        if (restart) {
          op.close();
          op = restartQuietly(k, config, core, all, apiWrites, pollSeconds);
        }
      } finally {
        op.close();
        watch.close();
      }
    } finally {
      apiWrites.detach();
    }
  }

  private static void createInstance(KubernetesClient k, int id, int perInstance) {
    String inst = "i" + id;
    k.resource(Resources.instance(NS, inst, null)).create();
    for (int j = 0; j < perInstance; j++) {
      k.resource(Resources.bucket(NS, inst + "-b" + j, inst, DeletionPolicy.Delete)).create();
      k.resource(Resources.user(NS, inst + "-u" + j, inst, List.of("readwrite"))).create();
      k.resource(Resources.key(NS, inst + "-k" + j, inst + "-u" + j)).create();
    }
  }

  /** Core and node calls over three polls of every instance with nothing changing. */
  private static void steadyState(
      S3aasOperator op,
      ExordosCore core,
      List<S3Instance> all,
      ApiWrites apiWrites,
      int pollSeconds) {
    // two polls first, so the usage the first scans report after convergence is recorded
    Map<String, Long> settle = polls(op, all);
    await()
        .atMost(Duration.ofSeconds(pollSeconds * 4L))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> minDelta(polls(op, all), settle) >= 2);
    apiWrites.startCounting();
    core.calls().reset();
    all.forEach(i -> node(core, i).calls().reset());
    Map<String, Long> polls0 = polls(op, all);
    long t0 = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(pollSeconds * 6L))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> minDelta(polls(op, all), polls0) >= 3);
    double window = seconds(t0);
    Map<String, Long> polls1 = polls(op, all);
    long polls = 0;
    for (S3Instance i : all) {
      String key = key(i);
      polls += polls1.get(key) - polls0.get(key);
    }
    Map<String, Long> nodes = nodeCalls(core, all);
    long nodeTotal = nodes.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "steady state over %.1f s (%d instance polls): Core %.2f calls per instance per poll %s;"
            + " node %.2f calls per instance per poll %s%n",
        window,
        polls,
        (double) core.calls().total() / polls,
        core.calls().snapshot(),
        (double) nodeTotal / polls,
        nodes);
    System.out.printf(
        "  API writes in the steady state: %d %s%n", apiWrites.total(), apiWrites.byKind());
    apiWrites.samples().forEach(s -> System.out.println("    e.g. " + s));
  }

  /**
   * Stops nothing but the operator (the caller did), starts it again with nothing changed, and
   * counts every write it makes until it is quiet: API writes by verb and path, node writes and
   * Core writes by kind.
   */
  private static S3aasOperator restartQuietly(
      KubernetesClient k,
      OperatorConfig config,
      ExordosCore core,
      List<S3Instance> all,
      ApiWrites apiWrites,
      int pollSeconds) {
    core.calls().reset();
    all.forEach(i -> node(core, i).calls().reset());
    Map<String, String> before = statuses(k);
    apiWrites.startCounting();
    long t0 = System.nanoTime();
    S3aasOperator op = S3aasOperator.start(config);
    double started = seconds(t0);
    // quiet: every instance polled twice by the new operator, and no write for 5 s; bounded, and
    // reported either way (a write every poll would never let it be quiet)
    AtomicLong lastWrites = new AtomicLong(-1);
    AtomicLong quietSince = new AtomicLong(System.nanoTime());
    AtomicLong lastReport = new AtomicLong(System.nanoTime());
    try {
      await()
          .atMost(Duration.ofSeconds(pollSeconds * 4L + 60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                long api = apiWrites.total();
                long coreW = writes(core.calls().snapshot(), InstancesBenchmark::coreWrite);
                long nodeW = writes(nodeCalls(core, all), InstancesBenchmark::nodeWrite);
                long w = api + coreW + nodeW;
                if (w != lastWrites.getAndSet(w)) {
                  quietSince.set(System.nanoTime());
                }
                long minPolls = minDelta(polls(op, all), Map.of());
                if (System.nanoTime() - lastReport.get() > 5_000_000_000L) {
                  lastReport.set(System.nanoTime());
                  System.out.printf(
                      "  %.0f s after the restart: writes API %d, node %d, Core %d; polls %d%n",
                      seconds(t0), api, nodeW, coreW, minPolls);
                }
                return minPolls >= 2 && System.nanoTime() - quietSince.get() > 5_000_000_000L;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.println("  never quiet: reported as it stands");
    }
    double quiet = (quietSince.get() - t0) / 1e9;
    Map<String, Long> nodes = nodeCalls(core, all);
    Map<String, Long> coreCalls = core.calls().snapshot();
    System.out.printf(
        "restart with nothing changed: started (informers synced) in %.1f s, last write at %.1f s;"
            + " %d polls of each instance at least%n",
        started, quiet, minDelta(polls(op, all), Map.of()));
    System.out.printf("  API writes: %d %s%n", apiWrites.total(), apiWrites.byKind());
    System.out.printf(
        "  node writes: %d (all node calls %s)%n",
        writes(nodes, InstancesBenchmark::nodeWrite), nodes);
    System.out.printf(
        "  Core writes: %d (all Core calls %s)%n",
        writes(coreCalls, InstancesBenchmark::coreWrite), coreCalls);
    apiWrites.samples().forEach(s -> System.out.println("    e.g. " + s));
    Map<String, String> after = statuses(k);
    List<String> changed =
        before.keySet().stream().filter(o -> !before.get(o).equals(after.get(o))).toList();
    System.out.printf("  statuses changed by the restart: %d%n", changed.size());
    changed.stream()
        .limit(3)
        .forEach(
            o ->
                System.out.printf(
                    "    %s%n      before %s%n      after  %s%n", o, before.get(o), after.get(o)));
    return op;
  }

  /** Every object's status as JSON, by kind and name. */
  private static Map<String, String> statuses(KubernetesClient k) {
    Map<String, String> out = new TreeMap<>();
    for (Class<? extends CustomResource<?, ?>> type :
        List.<Class<? extends CustomResource<?, ?>>>of(
            S3Instance.class, Bucket.class, S3User.class, AccessKey.class)) {
      k.resources(type)
          .inNamespace(NS)
          .list()
          .getItems()
          .forEach(
              r ->
                  out.put(
                      type.getSimpleName() + "/" + r.getMetadata().getName(),
                      Serialization.asJson(r.getStatus())));
    }
    return out;
  }

  /** Core calls that change something in Core (get_token is a POST but changes nothing). */
  private static boolean coreWrite(String kind) {
    return kind.startsWith("Create")
        || kind.startsWith("Update")
        || kind.startsWith("Delete")
        || kind.equals("ManifestAction");
  }

  private static long writes(Map<String, Long> calls, Predicate<String> isWrite) {
    return calls.entrySet().stream()
        .filter(e -> isWrite.test(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static Map<String, Long> polls(S3aasOperator op, List<S3Instance> all) {
    Map<String, Long> out = new TreeMap<>();
    all.forEach(i -> out.put(key(i), op.observations().polls(key(i))));
    return out;
  }

  private static long minDelta(Map<String, Long> now, Map<String, Long> before) {
    return now.entrySet().stream()
        .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
        .min()
        .orElse(0);
  }

  private static String key(S3Instance i) {
    return i.getMetadata().getNamespace() + "/" + i.getMetadata().getName();
  }

  private static RustfsNode node(ExordosCore core, S3Instance i) {
    return core.rustfsNode(i.getStatus().getNodes().get(0).getId()).orElseThrow();
  }

  /** The calls made to every instance's node, summed by kind. */
  private static Map<String, Long> nodeCalls(ExordosCore core, List<S3Instance> all) {
    Map<String, Long> out = new TreeMap<>();
    for (S3Instance i : all) {
      node(core, i).calls().snapshot().forEach((kind, n) -> out.merge(kind, n, Long::sum));
    }
    return out;
  }

  private static String perInstance(Map<String, Long> calls, int instances) {
    Map<String, String> out = new TreeMap<>();
    calls.forEach((kind, n) -> out.put(kind, String.format("%.2f", (double) n / instances)));
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    return String.format("%.2f in all %s", (double) total / instances, out);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static <T extends CustomResource<?, ? extends ResourceStatus>> long active(
      KubernetesClient k, Class<T> type) {
    return k.resources(type).inNamespace(NS).list().getItems().stream()
        .filter(
            r ->
                r.getStatus() != null
                    && r.getStatus().getPhase() == Phase.ACTIVE
                    && r.getStatus().isReady())
        .count();
  }

  /** Records the moment each instance is first seen ACTIVE. */
  private static final class ActiveWatch implements ResourceEventHandler<S3Instance> {
    private final Map<String, Instant> seen;

    ActiveWatch(Map<String, Instant> seen) {
      this.seen = seen;
    }

    @Override
    public void onAdd(S3Instance i) {
      record(i);
    }

    @Override
    public void onUpdate(S3Instance old, S3Instance i) {
      record(i);
    }

    @Override
    public void onDelete(S3Instance i, boolean unknownFinalState) {}

    private void record(S3Instance i) {
      if (i.getStatus() != null && i.getStatus().getPhase() == Phase.ACTIVE) {
        seen.putIfAbsent(i.getMetadata().getName(), Instant.now());
      }
    }
  }

  /** Latencies to each instance's ACTIVE, in milliseconds. */
  private record Latencies(Percentiles fromSet, Percentiles toConfig, Percentiles fromNode) {
    static Latencies of(List<S3Instance> all, ExordosCore core, Map<String, Instant> activeSeen) {
      List<Long> fromSet = new ArrayList<>();
      List<Long> toConfig = new ArrayList<>();
      List<Long> fromNode = new ArrayList<>();
      for (S3Instance i : all) {
        Instant active = activeSeen.get(i.getMetadata().getName());
        String set = Uuids.nodeSet(i.getMetadata().getUid()).toString();
        Instant setActive = core.nodeSetActiveSince(set).orElseThrow();
        fromSet.add(Duration.between(setActive, active).toMillis());
        Instant serving = Instant.EPOCH;
        Instant configured = Instant.EPOCH;
        for (NodeStatus n : i.getStatus().getNodes()) {
          Instant c =
              core.configCreatedAt(
                      Uuids.config(Uuids.nodeSet(i.getMetadata().getUid()), n.getId()).toString())
                  .orElseThrow();
          configured = c.isAfter(configured) ? c : configured;
          Instant s = core.rustfsNode(n.getId()).orElseThrow().servingSince();
          serving = s.isAfter(serving) ? s : serving;
        }
        fromNode.add(Duration.between(serving, active).toMillis());
        toConfig.add(Duration.between(setActive, configured).toMillis());
      }
      return new Latencies(
          new Percentiles(fromSet), new Percentiles(toConfig), new Percentiles(fromNode));
    }
  }

  private record Percentiles(List<Long> sorted) {
    Percentiles {
      sorted = sorted.stream().sorted().toList();
    }

    long p(int percent) {
      int idx = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(idx, sorted.size() - 1)));
    }

    long max() {
      return sorted.get(sorted.size() - 1);
    }
  }

  /**
   * Counts the API server's writes (POST, PUT, PATCH, DELETE) from its access log, by verb and path
   * kind (names left out), and keeps the first few paths as examples.
   */
  private static final class ApiWrites extends AppenderBase<ILoggingEvent> {
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean counting;
    private final Logger access = (Logger) LoggerFactory.getLogger("s3aas.access");

    static ApiWrites attach() {
      ApiWrites w = new ApiWrites();
      w.setContext(w.access.getLoggerContext());
      w.start();
      w.access.addAppender(w);
      w.access.setAdditive(false);
      w.access.setLevel(Level.INFO);
      return w;
    }

    void detach() {
      access.detachAppender(this);
      stop();
    }

    /** Counting begins (the appender is already attached). */
    void startCounting() {
      byKind.clear();
      samples.clear();
      counting = true;
    }

    @Override
    protected void append(ILoggingEvent e) {
      Object[] args = e.getArgumentArray();
      if (!counting || args == null || args.length < 3) {
        return;
      }
      String method = String.valueOf(args[0]);
      if (method.equals("GET")) {
        return;
      }
      String path = String.valueOf(args[1]);
      long n =
          byKind
              .computeIfAbsent(method + " " + kind(path), x -> new AtomicLong())
              .incrementAndGet();
      if (n <= 3) {
        samples.add(method + " " + path + " -> " + args[2]);
      }
    }

    /** {@code .../namespaces/ns/buckets/name/status} becomes {@code buckets/status}. */
    private static String kind(String path) {
      int query = path.indexOf('?');
      String p = query < 0 ? path : path.substring(0, query);
      List<String> parts = java.util.Arrays.asList(p.split("/", -1));
      int ns = -1;
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i).equals("namespaces") && i + 2 < parts.size()) {
          ns = i;
        }
      }
      if (ns < 0) {
        return p;
      }
      StringBuilder b = new StringBuilder(parts.get(ns + 2));
      if (ns + 4 < parts.size()) {
        b.append('/').append(parts.get(ns + 4));
      }
      return b.toString();
    }

    long total() {
      return byKind.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<String, Long> byKind() {
      Map<String, Long> out = new TreeMap<>();
      byKind.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }

    List<String> samples() {
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }
  }
}
