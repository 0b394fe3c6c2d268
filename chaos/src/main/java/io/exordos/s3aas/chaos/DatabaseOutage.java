package io.exordos.s3aas.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * (b) The private PostgreSQL restarted, then stopped for 20 s, under 8 clients writing and reading.
 * Goals: during the outage every request is answered within a few seconds with 503, /readyz says
 * not ready; after PostgreSQL returns the server recovers by itself, with no error once recovered.
 */
final class DatabaseOutage implements Chaos.Scenario {
  static final int CLIENTS = 8;
  static final int OUTAGE_SECONDS = 20;
  static final String PATH = "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets";

  /** One request: when it was sent (ms since the scenario started), its status and duration. */
  record Call(long at, int status, long millis) {}

  @Override
  public void run(Report report, Path dir) throws Exception {
    try (Postgres pg = Postgres.start();
        ApiServer server = new ApiServer(dir, pg).start()) {
      Http http = server.http();
      long t0 = System.nanoTime();
      ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger names = new AtomicInteger();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Thread t =
            new Thread(
                () -> {
                  // each client alternates a create and a list of 50
                  for (long n = 0; !stop.get(); n++) {
                    long at = ms(t0);
                    Http.Answer a =
                        n % 2 == 0
                            ? http.post(PATH, bucket("b-" + names.incrementAndGet()))
                            : http.get(PATH + "?limit=50");
                    calls.add(new Call(at, a.status(), a.millis()));
                  }
                },
                "client-" + i);
        clients.add(t);
        t.start();
      }
      Await.sleep(5_000);

      // 1. a restart (fast shutdown + start)
      long restartAt = ms(t0);
      pg.restart();
      long restarted = ms(t0);
      long recoveredAfterRestart = firstSuccessAfter(calls, restarted);
      report.figure(
          "PostgreSQL restart: took", (restarted - restartAt) + " ms (pg_ctl restart -m fast)");
      report.figure(
          "PostgreSQL restart: first success after it was up",
          (recoveredAfterRestart - restarted) + " ms");
      Await.sleep(5_000);

      // 2. a 20 s outage
      long downAt = ms(t0);
      pg.stop();
      long stopped = ms(t0);
      Await.sleep(OUTAGE_SECONDS * 500L);
      Http.Answer ready = http.get("/readyz");
      Http.Answer live = http.get("/livez");
      Await.sleep(OUTAGE_SECONDS * 500L);
      long upAt = ms(t0);
      pg.startAgain();
      long up = ms(t0);
      long recovered = firstSuccessAfter(calls, up);
      Await.sleep(10_000);
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
      Http.Answer readyAfter = http.get("/readyz");

      List<Call> during = new ArrayList<>();
      List<Call> after = new ArrayList<>();
      for (Call c : calls) {
        if (c.at() >= stopped && c.at() + c.millis() <= upAt) {
          during.add(c);
        } else if (c.at() >= recovered) {
          after.add(c);
        }
      }
      long during503 = during.stream().filter(c -> c.status() == 503).count();
      long duringOther = during.size() - during503;
      long slowest = during.stream().mapToLong(Call::millis).max().orElse(0);
      long afterErrors = after.stream().filter(c -> c.status() / 100 != 2).count();
      report.figure(
          "requests before the outage", calls.stream().filter(c -> c.at() < downAt).count());
      report.figure("outage", (upAt - stopped) + " ms with PostgreSQL stopped");
      report.figure(
          "requests answered during the outage", during.size() + ", of which 503: " + during503);
      report.atMost("requests during the outage answered other than 503", duringOther, 0);
      report.atMost("slowest answer during the outage, ms", slowest, 5_000);
      report.check("/readyz during the outage", ready.status() == 503, "status " + ready.status());
      report.check("/livez during the outage", live.status() == 200, "status " + live.status());
      report.figure(
          "time to recover (PostgreSQL accepting connections -> first success)",
          (recovered - up) + " ms");
      report.atMost("time to recover, ms", recovered - up, 10_000);
      report.figure("requests after recovery", after.size());
      report.atMost("errors after recovery", afterErrors, 0);
      report.check(
          "/readyz after recovery", readyAfter.status() == 200, "status " + readyAfter.status());
      if (duringOther > 0 || afterErrors > 0) {
        Map<Integer, Long> codes = new java.util.TreeMap<>();
        for (Call c : calls) {
          if (c.status() / 100 != 2) {
            codes.merge(c.status(), 1L, Long::sum);
          }
        }
        report.figure("non-2xx answers by status (0: none)", codes);
      }
    }
  }

  /** When (ms since t0) the first request sent after {@code since} succeeded; waits up to 60 s. */
  private static long firstSuccessAfter(ConcurrentLinkedQueue<Call> calls, long since) {
    long[] found = {-1};
    Await.until(
        "a request succeeds again",
        60,
        () -> {
          for (Call c : calls) {
            if (c.at() >= since && c.status() / 100 == 2) {
              found[0] =
                  found[0] < 0 ? c.at() + c.millis() : Math.min(found[0], c.at() + c.millis());
            }
          }
          return found[0] >= 0;
        });
    return found[0];
  }

  private static Map<String, Object> bucket(String name) {
    return Map.of(
        "apiVersion",
        "s3aas.exordos.io/v1alpha1",
        "kind",
        "Bucket",
        "metadata",
        Map.of("name", name.toLowerCase(Locale.ROOT)),
        "spec",
        Map.of("instanceRef", "none", "deletionPolicy", "Retain"));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
