package io.exordos.s3aas.server;

import static io.exordos.s3aas.testsupport.ApiClient.MERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.testing.Fabric8;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two fabric8 SharedIndexInformers on S3Instance, one with plain HTTP watches and one with the
 * default WebSocket-first watch (the server answers the upgrade with 200, so fabric8 falls back to
 * HTTP), see every one of 20,000 changes that 16 concurrent writers make, with a server restart in
 * the middle. At the end each cache equals a fresh list and the database, and the events each
 * informer saw are exactly the change log, in order.
 */
class InformerStressTest {
  private static final String NS = "stress";
  private static final String PATH =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + NS + "/s3instances";
  private static final int WRITERS = 16;
  private static final int CHANGES = Integer.getInteger("s3aas.stress.changes", 20_000);

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    Response ns =
        server.client().post("/api/v1/namespaces", Map.of("metadata", Map.of("name", NS)));
    assertThat(ns.status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Every event one informer's handler received, with order checks. */
  static final class Recorder implements ResourceEventHandler<S3Instance> {
    final List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> lastByObject = new ConcurrentHashMap<>();
    final AtomicInteger objectOutOfOrder = new AtomicInteger();
    final AtomicInteger streamOutOfOrder = new AtomicInteger();
    final AtomicInteger finalStateUnknown = new AtomicInteger();
    final AtomicLong last = new AtomicLong();

    private void record(S3Instance o) {
      long rv = Long.parseLong(o.getMetadata().getResourceVersion());
      revisions.add(rv);
      Long previous = lastByObject.put(o.getMetadata().getName(), rv);
      if (previous != null && previous >= rv) {
        objectOutOfOrder.incrementAndGet();
      }
      if (last.getAndSet(rv) >= rv) {
        streamOutOfOrder.incrementAndGet();
      }
    }

    @Override
    public void onAdd(S3Instance o) {
      record(o);
    }

    @Override
    public void onUpdate(S3Instance oldObj, S3Instance newObj) {
      record(newObj);
    }

    @Override
    public void onDelete(S3Instance o, boolean deletedFinalStateUnknown) {
      if (deletedFinalStateUnknown) {
        finalStateUnknown.incrementAndGet(); // the informer relisted: it missed the DELETED event
      } else {
        record(o);
      }
    }
  }

  /** One writer's knowledge of an object it owns. */
  static final class Owned {
    final String name;
    final boolean finalizer;
    int counter;
    boolean deleting;

    Owned(String name, boolean finalizer) {
      this.name = name;
      this.finalizer = finalizer;
    }
  }

  /** Claims a change to make; false once all are made. */
  private static boolean claim(AtomicInteger remaining) {
    return remaining.getAndDecrement() > 0;
  }

  @Test
  void informersSeeEveryEventAcrossARestart() throws Exception {
    Recorder httpEvents = new Recorder();
    Recorder wsEvents = new Recorder();
    try (KubernetesClient httpClient = Fabric8.client(server, true);
        KubernetesClient wsClient = Fabric8.client(server, false)) {
      SharedIndexInformer<S3Instance> httpInformer =
          httpClient.resources(S3Instance.class).inNamespace(NS).runnableInformer(0);
      httpInformer.addEventHandler(httpEvents);
      SharedIndexInformer<S3Instance> wsInformer =
          wsClient.resources(S3Instance.class).inNamespace(NS).runnableInformer(0);
      wsInformer.addEventHandler(wsEvents);
      httpInformer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      wsInformer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);

      AtomicInteger remaining = new AtomicInteger(CHANGES);
      AtomicInteger made = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        writers.add(pool.submit(() -> write(id, remaining, made, retries)));
      }
      await().atMost(Duration.ofMinutes(3)).until(() -> made.get() >= CHANGES / 2);
      long restartStart = System.nanoTime();
      server.restart();
      long restartMs = (System.nanoTime() - restartStart) / 1_000_000;
      for (Future<?> f : writers) {
        f.get(3, TimeUnit.MINUTES);
      }
      pool.shutdown();
      long writeNanos = System.nanoTime() - start;
      double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;

      // The change log is the truth: every committed change of the namespace, in revision order.
      List<Long> log =
          server
              .db()
              .query(
                  "SELECT revision FROM changes WHERE resource = 's3instances' AND namespace = ? ORDER BY revision",
                  NS)
              .stream()
              .map(r -> Long.parseLong(r.get(0)))
              .toList();
      assertThat(log.size()).as("changes in the log").isGreaterThanOrEqualTo(CHANGES);

      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    httpEvents.revisions.size() >= log.size()
                        && wsEvents.revisions.size() >= log.size());
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // the assertions below say what is missing
      }
      long caughtUpNanos = System.nanoTime() - start;

      Map<String, String> fresh = new TreeMap<>();
      for (JsonNode item : server.client().get(PATH).json().path("items")) {
        fresh.put(
            item.at("/metadata/name").asText(), item.at("/metadata/resourceVersion").asText());
      }
      Map<String, String> rows = new TreeMap<>();
      server
          .db()
          .query(
              "SELECT name, revision FROM resources WHERE resource = 's3instances' AND namespace = ?",
              NS)
          .forEach(r -> rows.put(r.get(0), r.get(1)));
      assertThat(fresh).as("a fresh list equals the database").isEqualTo(rows);

      for (var entry :
          Map.of(
                  "onlyHttpWatches",
                  new Object[] {httpInformer, httpEvents},
                  "websocket-first",
                  new Object[] {wsInformer, wsEvents})
              .entrySet()) {
        @SuppressWarnings("unchecked")
        SharedIndexInformer<S3Instance> informer =
            (SharedIndexInformer<S3Instance>) entry.getValue()[0];
        Recorder events = (Recorder) entry.getValue()[1];
        String which = entry.getKey();
        Map<String, String> cache =
            informer.getStore().list().stream()
                .collect(
                    Collectors.toMap(
                        o -> o.getMetadata().getName(),
                        o -> o.getMetadata().getResourceVersion(),
                        (a, b) -> a,
                        TreeMap::new));
        assertThat(cache).as("%s informer cache equals the database", which).isEqualTo(rows);
        List<Long> seen;
        synchronized (events.revisions) {
          seen = List.copyOf(events.revisions);
        }
        assertThat(events.finalStateUnknown.get())
            .as("%s: deletions learned only from a relist", which)
            .isZero();
        assertThat(events.objectOutOfOrder.get())
            .as("%s: per-object resourceVersions that went backwards", which)
            .isZero();
        assertThat(events.streamOutOfOrder.get())
            .as("%s: events out of revision order", which)
            .isZero();
        java.util.Set<Long> missing = new java.util.TreeSet<>(log);
        missing.removeAll(seen);
        assertThat(missing).as("%s: changes never delivered", which).isEmpty();
        assertThat(seen)
            .as("%s: every change seen exactly once, in order", which)
            .hasSameSizeAs(log);
        assertThat(seen.equals(log)).as("%s: events equal the change log", which).isTrue();
      }

      double writeSeconds = writeNanos / 1e9;
      System.out.printf(
          "STRESS: %d changes confirmed (%d in the log, %d retried after errors) by %d writers in %.1f s = %.0f changes/s"
              + " (test JVM used %.1f CPU-s, i.e. %.2f of %d cores; system load average %.1f);"
              + " restart took %d ms; informers caught up after %.1f s; %d events per informer, %.0f events/s per informer; %d objects left%n",
          made.get(),
          log.size(),
          retries.get(),
          WRITERS,
          writeSeconds,
          made.get() / writeSeconds,
          cpuSeconds,
          cpuSeconds / writeSeconds,
          os.getAvailableProcessors(),
          os.getSystemLoadAverage(),
          restartMs,
          caughtUpNanos / 1e9,
          log.size(),
          log.size() / (caughtUpNanos / 1e9),
          rows.size());
    }
  }

  /**
   * One writer: creates, spec updates, status patches, label changes and deletes on its own
   * objects.
   */
  private static void write(
      int id, AtomicInteger remaining, AtomicInteger made, AtomicInteger retries) {
    ApiClient api = server.client();
    Random random = new Random(id);
    List<Owned> live = new ArrayList<>();
    int created = 0;
    while (claim(remaining)) {
      double p = random.nextDouble();
      Owned deleting = live.stream().filter(o -> o.deleting).findFirst().orElse(null);
      if (deleting != null && p < 0.5) {
        // The controller side: remove the finalizer, which completes the deletion.
        retrying(
            retries,
            () ->
                api.patch(
                    PATH + "/" + deleting.name,
                    MERGE,
                    Map.of("metadata", Map.of("finalizers", List.of()))),
            200,
            404);
        live.remove(deleting);
      } else if (live.size() < 4 || p < 0.12) {
        Owned o = new Owned("w" + id + "-" + created++, random.nextDouble() < 0.25);
        ObjectNode body = ApiClient.mapper().createObjectNode();
        body.putObject("metadata").put("name", o.name);
        if (o.finalizer) {
          body.withObjectProperty("metadata")
              .putArray("finalizers")
              .add("stress.s3aas.exordos.io/hold");
        }
        body.putObject("spec").put("version", "0.0.1").put("bucketName", o.name + "-bkt");
        retrying(retries, () -> api.post(PATH, body), 201, 409);
        live.add(o);
      } else {
        Owned o = live.get(random.nextInt(live.size()));
        if (o.deleting) {
          retrying(
              retries,
              () ->
                  api.patch(
                      PATH + "/" + o.name,
                      MERGE,
                      Map.of("metadata", Map.of("finalizers", List.of()))),
              200,
              404);
          live.remove(o);
        } else if (p < 0.40) {
          int n = ++o.counter;
          retrying(
              retries,
              () ->
                  api.patch(
                      PATH + "/" + o.name, MERGE, Map.of("spec", Map.of("diskSizeGb", 10 + n))),
              200);
        } else if (p < 0.75) {
          int n = ++o.counter;
          retrying(
              retries,
              () ->
                  api.patch(
                      PATH + "/" + o.name + "/status",
                      MERGE,
                      Map.of(
                          "status",
                          Map.of(
                              "phase",
                              n % 2 == 0 ? "ACTIVE" : "CREATING",
                              "observedGeneration",
                              n))),
              200);
        } else if (p < 0.88) {
          int n = ++o.counter;
          retrying(
              retries,
              () ->
                  api.patch(
                      PATH + "/" + o.name,
                      MERGE,
                      Map.of("metadata", Map.of("labels", Map.of("n", "v" + n)))),
              200);
        } else {
          retrying(retries, () -> api.delete(PATH + "/" + o.name), 200, 404);
          if (o.finalizer) {
            o.deleting = true;
          } else {
            live.remove(o);
          }
        }
      }
      made.incrementAndGet();
    }
  }

  /**
   * Sends a request until it gets an expected answer. Connection errors and 5xx (the server is
   * restarting) are retried; a retried request may have been applied already, hence the extra
   * accepted codes (409 on a create, 404 on a delete).
   */
  private static void retrying(
      AtomicInteger retries, java.util.function.Supplier<Response> request, Integer... accepted) {
    Response[] last = new Response[1];
    if (answered(retries, request, last)) { // the common case, without a polling thread
      assertThat(last[0].status()).as("%s", last[0]).isIn((Object[]) accepted);
      return;
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> answered(retries, request, last));
    assertThat(last[0].status()).as("%s", last[0]).isIn((Object[]) accepted);
  }

  /** Whether the request got an answer other than a 5xx; connection errors count as no answer. */
  private static boolean answered(
      AtomicInteger retries, java.util.function.Supplier<Response> request, Response[] last) {
    try {
      last[0] = request.get();
    } catch (UncheckedIOException e) {
      retries.incrementAndGet();
      return false;
    }
    if (last[0].status() >= 500) {
      retries.incrementAndGet();
      return false;
    }
    return true;
  }
}
