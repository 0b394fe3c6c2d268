package io.exordos.s3aas.operator;

import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.emulator.instrument.Faults;
import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Converges N buckets, N users and N access keys on one ACTIVE instance whose RustFS node
 * (emulator) answers every call after 5 ms, and reports the time beside the floor (calls × 5 ms ÷
 * parallelism), the node calls made, and the steady-state calls per poll. Run with
 * bench/operator/run.sh.
 *
 * <p>System properties: {@code n} (1000), {@code pollSeconds} (10), {@code delayMs} (5), {@code
 * perNode} (16 concurrent calls per node), {@code threads} (50 reconcile threads).
 */
public final class OperatorBenchmark {
  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("n", 1000);
    int pollSeconds = Integer.getInteger("pollSeconds", 10);
    int delayMs = Integer.getInteger("delayMs", 5);
    int perNode = Integer.getInteger("perNode", 16);
    int threads = Integer.getInteger("threads", 50);
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
              .withProvisionCheck(Duration.ofMillis(200))
              .withParallelism(threads, perNode);
      boolean precreate = Boolean.getBoolean("precreate");
      S3aasOperator first = S3aasOperator.start(config);
      S3aasOperator op = first;
      try {
        k.resource(Resources.instance("default", "bench", null)).create();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    phase(
                            k.resources(S3Instance.class)
                                .inNamespace("default")
                                .withName("bench")
                                .get())
                        == Phase.ACTIVE);
        S3Instance inst =
            k.resources(S3Instance.class).inNamespace("default").withName("bench").get();
        RustfsNode node = core.rustfsNode(inst.getStatus().getNodes().get(0).getId()).orElseThrow();
        node.faults().delay(Faults.ALL, Duration.ofMillis(delayMs));
        node.calls().reset();

        if (precreate) {
          first.close(); // objects are written while no operator runs; the clock starts with the
          // operator
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int id = i;
          writes.add(
              pool.submit(
                  () -> {
                    k.resource(
                            Resources.bucket(
                                "default", "bkt-" + id, "bench", DeletionPolicy.Delete))
                        .create();
                    k.resource(
                            Resources.user("default", "user-" + id, "bench", List.of("readwrite")))
                        .create();
                    k.resource(Resources.key("default", "key-" + id, "user-" + id)).create();
                  }));
        }
        for (Future<?> f : writes) {
          f.get();
        }
        pool.shutdown();
        double created = (System.nanoTime() - t0) / 1e9;
        if (precreate) {
          t0 = System.nanoTime();
          op = S3aasOperator.start(config);
          System.out.printf("operator (re)started after the writes; timing from its start%n");
        }
        S3aasOperator running = op;
        await()
            .atMost(Duration.ofMinutes(15))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    active(k, Bucket.class) == n
                        && active(k, S3User.class) == n
                        && active(k, AccessKey.class) == n);
        double converged = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> calls = node.calls().snapshot();
        long total = node.calls().total();
        // a key's policies are attached by a call of their own (RustFS ignores them in add-user)
        long needed = (long) n /* CreateBucket */ + n /* AddUser */ + n /* SetUserOrGroupPolicy */;
        double floor = needed * delayMs / 1000.0 / perNode;

        // steady state: count the node calls over whole polls with nothing changing; five polls,
        // so the drives' capacity (read every fifth poll) is counted at its real share
        node.calls().reset();
        String key = "default/bench";
        long polls0 = running.observations().polls(key);
        await()
            .atMost(Duration.ofSeconds(pollSeconds * 8L))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> running.observations().polls(key) >= polls0 + 5);
        long polls = running.observations().polls(key) - polls0;
        double perPoll = (double) node.calls().total() / polls;

        System.out.println("=== s3aas operator benchmark ===");
        System.out.printf(
            "objects: %d buckets, %d users, %d access keys on one ACTIVE instance%n", n, n, n);
        System.out.printf(
            "node delay: %d ms per call; parallelism: %d calls in flight per node, %d reconcile threads%n",
            delayMs, perNode, threads);
        System.out.printf("API writes (%d creates by the driver) took: %.1f s%n", 3 * n, created);
        System.out.printf(
            "converged after:       %.1f s (all %d objects ACTIVE)%n", converged, 3 * n);
        System.out.printf(
            "node calls needed:     %d (1 CreateBucket per bucket + 1 AddUser and 1"
                + " SetUserOrGroupPolicy per key)%n",
            needed);
        System.out.printf("node calls made:       %d %s%n", total, calls);
        System.out.printf(
            "floor:                 %.2f s (= %d calls x %d ms / %d)%n",
            floor, needed, delayMs, perNode);
        System.out.printf("ratio to floor:        %.1fx%n", converged / floor);
        System.out.printf(
            "steady state:          %.1f node calls per instance per poll (%d polls, %d calls: %s)%n",
            perPoll, polls, node.calls().total(), node.calls().snapshot());
      } finally {
        op.close();
      }
    }
  }

  private static Phase phase(S3Instance i) {
    return i == null || i.getStatus() == null ? null : i.getStatus().getPhase();
  }

  private static <T extends CustomResource<?, ? extends ResourceStatus>> long active(
      KubernetesClient k, Class<T> type) {
    return k.resources(type).inNamespace("default").list().getItems().stream()
        .filter(
            r ->
                r.getStatus() != null
                    && r.getStatus().getPhase() == Phase.ACTIVE
                    && r.getStatus().isReady())
        .count();
  }
}
