package io.exordos.s3aas.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * (a) kill -9 of the API server under 16 writers, with a resuming watcher. Goals: no write the
 * server acknowledged is lost, and the watcher's stream is exactly the history: every acknowledged
 * write's revision arrives once, in order, and replaying the stream gives the final list.
 */
final class ServerKill implements Chaos.Scenario {
  static final int WRITERS = 16;
  static final int KILLS = 3;
  static final String PATH = "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets";
  private static final String SEQ = "chaos/seq";

  @Override
  public void run(Report report, Path dir) {
    Random random = new Random();
    try (Postgres pg = Postgres.start();
        ApiServer server = new ApiServer(dir, pg).start()) {
      Http http = server.http();
      long from = Long.parseLong(http.get(PATH).rv());
      Watcher watcher = new Watcher(http, PATH, from).start();
      AtomicBoolean stop = new AtomicBoolean();
      List<Writer> writers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        Writer w = new Writer(i, http, stop);
        writers.add(w);
        Thread t = new Thread(w, "writer-" + i);
        threads.add(t);
        t.start();
      }
      for (int kill = 1; kill <= KILLS; kill++) {
        Await.sleep(3_000 + random.nextInt(3_000));
        long t0 = System.nanoTime();
        server.kill();
        server.start();
        report.figure("kill " + kill + ": down until ready again", millis(t0) + " ms");
      }
      Await.sleep(3_000);
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }

      Http.Answer[] finalList = new Http.Answer[1];
      Await.until("the final list", 30, () -> (finalList[0] = http.get(PATH)).ok());
      long finalRv = Long.parseLong(finalList[0].rv());
      Map<String, JsonNode> listed = new HashMap<>();
      finalList[0]
          .json()
          .path("items")
          .forEach(o -> listed.put(o.at("/metadata/name").asText(), o));
      Await.until(
          "the watcher reaches the final list's revision", 30, () -> watcher.last() >= finalRv);
      watcher.stop();

      checkWrites(report, writers, listed);
      checkStream(report, writers, watcher, listed, finalRv);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void checkWrites(
      Report report, List<Writer> writers, Map<String, JsonNode> listed) {
    int acknowledged = 0;
    int unanswered = 0;
    int lost = 0;
    for (Writer w : writers) {
      acknowledged += w.acknowledged;
      unanswered += w.unanswered;
      for (Map.Entry<String, Obj> e : w.objects.entrySet()) {
        Obj o = e.getValue();
        JsonNode found = listed.get(e.getKey());
        long seq =
            found == null
                ? Obj.DELETED
                : Long.parseLong(found.at("/metadata/annotations/chaos~1seq").asText("-9"));
        boolean ok =
            o.uncertain
                // an unanswered write may or may not have happened: never older than the last
                // answer
                ? o.acked == Obj.NEVER || found == null || seq >= o.acked
                : seq == o.acked;
        if (!ok) {
          lost++;
          System.out.println(
              "  lost: " + e.getKey() + " acknowledged " + o.acked + ", found " + seq);
        }
      }
    }
    report.figure("writes acknowledged", acknowledged);
    report.figure(
        "writes without an answer (server down; either outcome allowed, then left alone)",
        unanswered);
    report.atMost("acknowledged writes lost", lost, 0);
  }

  private static void checkStream(
      Report report,
      List<Writer> writers,
      Watcher watcher,
      Map<String, JsonNode> listed,
      long finalRv) {
    List<Watcher.Event> events = watcher.events();
    int outOfOrder = 0;
    long previous = 0;
    Set<Long> seen = new HashSet<>();
    Map<String, Long> replayed = new HashMap<>();
    for (Watcher.Event e : events) {
      if (e.rv() <= previous || !seen.add(e.rv())) {
        outOfOrder++;
      }
      previous = Math.max(previous, e.rv());
      if (e.type().equals("DELETED")) {
        replayed.remove(e.name());
      } else {
        replayed.put(e.name(), e.rv());
      }
    }
    int missing = 0;
    for (Writer w : writers) {
      for (long rv : w.ackedRevisions) {
        if (!seen.contains(rv)) {
          missing++;
        }
      }
    }
    Map<String, Long> expected = new HashMap<>();
    listed.forEach(
        (name, o) ->
            expected.put(name, Long.parseLong(o.at("/metadata/resourceVersion").asText())));
    int differences = 0;
    for (String name : union(expected.keySet(), replayed.keySet())) {
      if (!java.util.Objects.equals(expected.get(name), replayed.get(name))) {
        differences++;
      }
    }
    report.figure("watch events received", events.size());
    report.figure("watch streams resumed", watcher.resumes());
    report.figure("final list", listed.size() + " objects at revision " + finalRv);
    report.atMost("watch events duplicated or out of order", outOfOrder, 0);
    report.atMost("acknowledged writes missing from the watch stream", missing, 0);
    report.atMost("objects where the replayed stream differs from the final list", differences, 0);
    report.atMost("watches expired (410: a relist would be needed)", watcher.expired(), 0);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  /** What a writer knows of one of its objects. */
  static final class Obj {
    static final long DELETED = -1;
    static final long NEVER = -2;
    long acked;
    boolean uncertain;

    Obj(long acked, boolean uncertain) {
      this.acked = acked;
      this.uncertain = uncertain;
    }
  }

  /**
   * Creates, patches (a sequence number in an annotation) and deletes its own objects. An object
   * whose last write got no answer is left alone from then on: that write may or may not have
   * happened.
   */
  static final class Writer implements Runnable {
    private final int id;
    private final Http http;
    private final AtomicBoolean stop;
    private final Random random = new Random();
    final Map<String, Obj> objects = new HashMap<>();
    final List<Long> ackedRevisions = new ArrayList<>();
    int acknowledged;
    int unanswered;
    private int created;

    Writer(int id, Http http, AtomicBoolean stop) {
      this.id = id;
      this.http = http;
      this.stop = stop;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        List<String> usable =
            objects.entrySet().stream()
                .filter(e -> !e.getValue().uncertain && e.getValue().acked >= 0)
                .map(Map.Entry::getKey)
                .toList();
        double r = random.nextDouble();
        if (usable.isEmpty() || r < 0.4) {
          create();
        } else if (r < 0.9) {
          patch(usable.get(random.nextInt(usable.size())));
        } else {
          delete(usable.get(random.nextInt(usable.size())));
        }
      }
    }

    private void create() {
      String name = String.format(java.util.Locale.ROOT, "w%02d-%d", id, created++);
      Map<String, Object> body =
          Map.of(
              "apiVersion",
              "s3aas.exordos.io/v1alpha1",
              "kind",
              "Bucket",
              "metadata",
              Map.of("name", name, "annotations", Map.of(SEQ, "0")),
              "spec",
              Map.of("instanceRef", "none", "deletionPolicy", "Retain"));
      Http.Answer a = http.post(PATH, body);
      record(name, a, 0);
    }

    private void patch(String name) {
      long next = known(name).acked + 1;
      Http.Answer a =
          http.patch(
              PATH + "/" + name,
              Map.of("metadata", Map.of("annotations", Map.of(SEQ, Long.toString(next)))));
      record(name, a, next);
    }

    private void delete(String name) {
      Http.Answer a = http.delete(PATH + "/" + name);
      if (a.ok()) {
        acknowledged++;
        known(name).acked = Obj.DELETED;
      } else {
        unanswered++;
        known(name).uncertain = true;
        Await.sleep(100);
      }
    }

    private Obj known(String name) {
      return java.util.Objects.requireNonNull(objects.get(name), name);
    }

    private void record(String name, Http.Answer a, long seq) {
      Obj o = objects.computeIfAbsent(name, n -> new Obj(Obj.NEVER, false));
      if (a.ok()) {
        acknowledged++;
        o.acked = seq;
        ackedRevisions.add(Long.parseLong(a.rv()));
      } else {
        unanswered++;
        o.uncertain = true;
        if (a.status() != 0 && a.status() != 503) {
          System.out.println(
              "  writer " + id + ": " + name + " answered " + a.status() + " " + a.json());
        }
        Await.sleep(100); // the server is down: try again soon, not in a busy loop
      }
    }
  }
}
