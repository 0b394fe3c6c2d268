package io.exordos.s3aas.bench;

import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Load driver for the resource API, measured against raw PostgreSQL in the same run:
 *
 * <ol>
 *   <li>baseline: single-row INSERT + COMMIT over JDBC, N threads;
 *   <li>database ceiling: the server's create_object called over JDBC, N threads ({@link
 *       DatabaseCeiling}), run before the wrk creates so both write into tables of about one size;
 *   <li>API creates/s and gets/s, N threads over HTTPS (the product's default transport), creates
 *       also from wrk when it is installed ({@link WrkLoad});
 *   <li>list of 10,000 objects, in a namespace of their own (ms);
 *   <li>watch latency from a write to its event (p50/p99).
 * </ol>
 *
 * Usage: {@code java -cp ... ApiBenchmark [jdbc-admin-url] [threads] [seconds]}; {@code
 * -Dbench.tls=false} measures plain HTTP instead of the default HTTPS. It creates and drops its own
 * databases; it talks to loopback only and stops by itself.
 */
public final class ApiBenchmark {
  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    String admin = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/postgres";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String suffix = Long.toHexString(System.nanoTime());
    String rawDb = "bench_raw_" + suffix;
    String apiDb = "bench_api_" + suffix;
    createDatabase(admin, rawDb);
    createDatabase(admin, apiDb);
    try {
      double raw = rawInserts(dbUrl(admin, rawDb), threads, seconds);
      Path home = Files.createTempDirectory("s3aas-bench");
      String token = "bench-" + UUID.randomUUID();
      boolean tls = !"false".equals(System.getProperty("bench.tls"));
      ServerConfig config =
          ServerConfig.defaults(home, token)
              .withPort(0)
              .withDatabase(dbUrl(admin, apiDb), "postgres", "")
              .withTls(tls);
      try (S3aasServer server = S3aasServer.start(config)) {
        ApiClient api = new ApiClient(server.url(), token, server.caCertificatePem());
        double creates = api.createLoad(threads, seconds);
        double gets = api.getLoad(threads, seconds);
        // the list phase has a namespace of its own, so it lists exactly 10,000 whatever came
        // before
        api.namespace("listing");
        api.fill("listing", 10_000, threads);
        List<Double> listMs = api.listTimes("listing", 10_000, 10);
        ApiClient.WatchLatencies watchMs = api.watchLatencies(500);
        CpuAccount.countTransactionsOf(dbUrl(admin, apiDb));
        // right before wrk, so both write into tables of about the same size
        CpuAccount.Phase ceiling = DatabaseCeiling.creates(dbUrl(admin, apiDb), threads, seconds);
        // last: its buckets would otherwise swell the 10,000-object list
        CpuAccount.Phase wrk = WrkLoad.creates(server.url(), token, threads, seconds);
        report(threads, seconds, raw, ceiling.rate(), creates, wrk, gets, listMs, watchMs);
        reportCpu(ceiling, wrk);
      }
    } finally {
      dropDatabase(admin, rawDb);
      dropDatabase(admin, apiDb);
    }
  }

  private static void report(
      int threads,
      int seconds,
      double raw,
      double ceiling,
      double creates,
      CpuAccount.@Nullable Phase wrk,
      double gets,
      List<Double> listMs,
      ApiClient.WatchLatencies watchMs) {
    System.out.println();
    System.out.printf(Locale.ROOT, "threads=%d seconds-per-phase=%d%n", threads, seconds);
    System.out.printf(Locale.ROOT, "raw insert+commit baseline : %8.0f rows/s%n", raw);
    System.out.printf(
        Locale.ROOT,
        "database ceiling           : %8.0f /s  (create_object over JDBC, %.0f%% of raw)%n",
        ceiling,
        100 * ceiling / raw);
    System.out.printf(
        Locale.ROOT,
        "API creates (JDK client)   : %8.0f /s  (%.0f%% of raw, %.0f%% of the ceiling)%n",
        creates,
        100 * creates / raw,
        100 * creates / ceiling);
    System.out.println(
        "API creates (wrk)          : "
            + WrkLoad.describe(wrk == null ? null : wrk.rate(), raw, ceiling));
    System.out.printf(Locale.ROOT, "API gets                   : %8.0f /s%n", gets);
    System.out.printf(
        Locale.ROOT,
        "list 10,000 objects        : median %.1f ms, max %.1f ms (target < 150 ms)%n",
        percentile(listMs, 50),
        percentile(listMs, 100));
    System.out.printf(
        Locale.ROOT,
        "watch send->event          : p50 %.2f ms, p99 %.2f ms (includes the write's round trip)%n",
        percentile(watchMs.fromSend(), 50),
        percentile(watchMs.fromSend(), 99));
    System.out.printf(
        Locale.ROOT,
        "watch commit->event        : p50 %.2f ms, p99 %.2f ms (target p99 < 10 ms)%n",
        percentile(watchMs.fromAck(), 50),
        percentile(watchMs.fromAck(), 99));
  }

  /** Who spent the CPU of the ceiling and of the wrk creates, and what that allows on this box. */
  private static void reportCpu(CpuAccount.Phase ceiling, CpuAccount.@Nullable Phase wrk) {
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println();
    System.out.println(ceiling.line(cores));
    if (wrk != null) {
      System.out.println(wrk.line(cores));
      System.out.println(CpuAccount.bounds(ceiling, wrk, ceiling.rate(), cores));
    }
  }

  static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** The baseline: what PostgreSQL does with the same concurrency and nothing in between. */
  private static double rawInserts(String url, int threads, int seconds) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(
          "create table items (id uuid primary key, name varchar(253) not null, body varchar(4096) not null)");
    }
    String body =
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"Bucket\",\"spec\":{\"instanceRef\":\"data\"}}";
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    PreparedStatement ps =
                        c.prepareStatement("insert into items values (?, ?, ?)")) {
                  while (!stop.get()) {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setString(2, "item");
                    ps.setString(3, body);
                    ps.executeUpdate();
                    done.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      w.start();
      workers.add(w);
    }
    return measure(done, stop, workers, seconds);
  }

  static double measure(AtomicLong done, AtomicBoolean stop, List<Thread> workers, int seconds)
      throws InterruptedException {
    return measure("", done, stop, workers, seconds).rate();
  }

  /** Runs the workers for a warm-up second, then measures the rate and CPU of the next window. */
  static CpuAccount.Phase measure(
      String name, AtomicLong done, AtomicBoolean stop, List<Thread> workers, int seconds)
      throws InterruptedException {
    Thread.sleep(1000); // warm-up, not counted
    long start = System.nanoTime();
    long before = done.get();
    CpuAccount.Snapshot cpuBefore = CpuAccount.Snapshot.take(workers);
    Thread.sleep(seconds * 1000L);
    long after = done.get();
    CpuAccount.Snapshot cpuAfter = CpuAccount.Snapshot.take(workers);
    double elapsed = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    return CpuAccount.Phase.between(name, after - before, elapsed, cpuBefore, cpuAfter);
  }

  private static String dbUrl(String admin, String db) {
    return admin.substring(0, admin.lastIndexOf('/') + 1) + db;
  }

  private static void createDatabase(String admin, String db) throws Exception {
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("create database " + db);
    }
  }

  private static void dropDatabase(String admin, String db) throws Exception {
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("drop database if exists " + db + " with (force)");
    }
  }
}
