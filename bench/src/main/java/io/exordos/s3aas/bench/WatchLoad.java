package io.exordos.s3aas.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many watchers on one kind while writers write (issue 15 §4): commit→event latency for every
 * watcher, events missed or out of order, and the server's CPU per delivered event.
 *
 * <p>W watchers watch the Buckets of a namespace of their own (fresh for each run, so they see only
 * this run's writes); writers create Buckets there and merge-patch them (one create, then four
 * patches, per object), each at a fixed pace, for a fixed time. Every write carries its global
 * sequence number in an annotation, and the time its answer arrived (the write has committed) is
 * kept by sequence number; a watcher records when each event arrived. commit→event is arrival minus
 * answer, 0 when the event came first (the event can only follow the commit, so that is a write
 * whose answer was slower than the fan-out).
 *
 * <p>The watchers are plain sockets speaking HTTP/1.1, one blocking reader thread each: the
 * cheapest client for 200 streams on a 2-core machine the server shares (no selector thread between
 * the socket and the reader), and one that a close at the end of a run stops at once.
 *
 * <p>Usage: {@code java -cp ... WatchLoad URL TOKEN SERVER_PID NAMESPACE WATCHERS WRITERS SECONDS
 * WRITES_PER_SECOND_PER_WRITER}; prints one summary line.
 */
public final class WatchLoad {
  private static final String API = "s3aas.exordos.io/v1alpha1";
  private static final String SEQ_MARK = "\"bench-seq\":\"";
  private static final String RV_MARK = "\"resourceVersion\":\"";
  private static final int OBJECT_WRITES = 5; // a create, then four patches

  private final String base;
  private final String token;
  private final String namespace;
  private final String buckets;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The most writes a run may make: the paced rate with room to spare (sizes the arrays). */
  private final int maxWrites;

  /** When each write's answer arrived (nanoTime), by sequence number; 0 until then. */
  private final AtomicLongArray ackedAt;

  private WatchLoad(String base, String token, String namespace, int maxWrites) {
    this.base = base;
    this.token = token;
    this.namespace = namespace;
    this.buckets = "/apis/" + API + "/namespaces/" + namespace + "/buckets";
    this.maxWrites = maxWrites;
    this.ackedAt = new AtomicLongArray(maxWrites + 1);
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String token = args[1];
    long serverPid = Long.parseLong(args[2]);
    String namespace = args[3];
    int watchers = Integer.parseInt(args[4]);
    int writers = Integer.parseInt(args[5]);
    int seconds = Integer.parseInt(args[6]);
    double pace = Double.parseDouble(args[7]);
    int maxWrites = (int) (writers * pace * (seconds + 1) * 1.5) + 100;
    new WatchLoad(url, token, namespace, maxWrites)
        .run(serverPid, watchers, writers, seconds, pace);
  }

  private void run(long serverPid, int watcherCount, int writerCount, int seconds, double pace)
      throws Exception {
    send("POST", "/api/v1/namespaces", "application/json", namespaceBody(), 201);
    List<Watcher> watchers = new ArrayList<>();
    for (int i = 0; i < watcherCount; i++) {
      watchers.add(new Watcher(i));
    }
    for (Watcher w : watchers) {
      w.open(); // returns once the server answered: the watcher is subscribed
    }
    for (Watcher w : watchers) {
      w.thread.start();
    }
    AtomicInteger sequence = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    long serverCpuBefore = cpuNanos(serverPid);
    long ownCpuBefore = cpuNanos(ProcessHandle.current().pid());
    long start = System.nanoTime();
    long periodNanos = (long) (1e9 / pace);
    for (int t = 0; t < writerCount; t++) {
      int writer = t;
      Thread w =
          new Thread(
              () -> {
                long next = System.nanoTime() + periodNanos * writer / writerCount; // staggered
                for (int n = 0; !stop.get(); n++) {
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    sleepNanos(wait);
                  }
                  next += periodNanos;
                  int seq = sequence.incrementAndGet();
                  if (seq > maxWrites) {
                    sequence.decrementAndGet();
                    return;
                  }
                  String name = "w" + writer + "-" + (n / OBJECT_WRITES);
                  try {
                    write(seq, name, n % OBJECT_WRITES == 0);
                  } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("write " + seq + " failed: " + e);
                    return;
                  }
                }
              },
              "writer-" + t);
      w.start();
      writers.add(w);
    }
    TimeUnit.SECONDS.sleep(seconds);
    stop.set(true);
    for (Thread w : writers) {
      w.join();
    }
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    int writes = sequence.get();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " writes failed");
    }
    // every write was answered: wait (bounded) for every watcher to see all of them
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Watcher w : watchers) {
      w.awaitCount(writes, drainDeadline);
    }
    long serverCpu = cpuNanos(serverPid) - serverCpuBefore;
    long ownCpu = cpuNanos(ProcessHandle.current().pid()) - ownCpuBefore;
    for (Watcher w : watchers) {
      w.close();
    }
    report(watchers, writes, writeSeconds, serverCpu, ownCpu);
  }

  private void report(
      List<Watcher> watchers, int writes, double writeSeconds, long serverCpu, long ownCpu) {
    long events = 0;
    int short_ = 0;
    int reordered = 0;
    int duplicated = 0;
    double worstWatcherP99 = 0;
    List<double[]> perWatcher = new ArrayList<>();
    int total = 0;
    for (Watcher w : watchers) {
      events += w.count;
      if (w.count < writes) {
        short_++;
      }
      reordered += w.reordered ? 1 : 0;
      duplicated += w.duplicated ? 1 : 0;
      double[] ms = w.latenciesMs();
      Arrays.sort(ms);
      worstWatcherP99 = Math.max(worstWatcherP99, percentile(ms, 0.99));
      perWatcher.add(ms);
      total += ms.length;
    }
    double[] all = new double[total];
    int at = 0;
    for (double[] ms : perWatcher) {
      System.arraycopy(ms, 0, all, at, ms.length);
      at += ms.length;
    }
    Arrays.sort(all);
    System.out.printf(
        "watchers %d: %d writes in %.1f s (%.0f /s), %d events delivered (expected %d); "
            + "commit->event p50 %.2f ms, p99 %.2f ms, max %.2f ms, worst watcher's p99 %.2f ms; "
            + "watchers short of events %d, out of order %d, with duplicates %d; "
            + "server CPU %.2f s = %.1f us per event (%.0f %% of a core); client CPU %.2f s%n",
        watchers.size(),
        writes,
        writeSeconds,
        writes / writeSeconds,
        events,
        (long) writes * watchers.size(),
        percentile(all, 0.50),
        percentile(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1],
        worstWatcherP99,
        short_,
        reordered,
        duplicated,
        serverCpu / 1e9,
        events == 0 ? 0 : serverCpu / 1e3 / events,
        100 * serverCpu / 1e9 / writeSeconds,
        ownCpu / 1e9);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private void write(int seq, String name, boolean create)
      throws IOException, InterruptedException {
    if (create) {
      String body =
          "{\"apiVersion\":\"%s\",\"kind\":\"Bucket\",\"metadata\":{\"name\":\"%s\",\"annotations\":{\"bench-seq\":\"%d\"}},\"spec\":{\"instanceRef\":\"data\",\"versioning\":true}}"
              .formatted(API, name, seq);
      send("POST", buckets, "application/json", body, 201);
    } else {
      String patch = "{\"metadata\":{\"annotations\":{\"bench-seq\":\"" + seq + "\"}}}";
      send("PATCH", buckets + "/" + name, "application/merge-patch+json", patch, 200);
    }
    ackedAt.set(seq, System.nanoTime());
  }

  private void send(String method, String path, String contentType, String body, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private String namespaceBody() {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + namespace
        + "\"}}";
  }

  /** Total user + system CPU time of a process, from /proc/PID/stat (clock ticks of 10 ms). */
  static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    // fields after the command: state is [0], utime [11], stime [12]
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 10_000_000L;
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One watch stream and the arrival time of every event on it. */
  private final class Watcher {
    final Thread thread;
    private final int[] seqs = new int[maxWrites + 1];
    private final long[] arrivals = new long[maxWrites + 1];
    private final java.util.BitSet seen = new java.util.BitSet();
    private volatile int count;
    private volatile boolean reordered;
    private volatile boolean duplicated;
    private final CountDownLatch ended = new CountDownLatch(1);
    private long lastRevision;
    private @org.jspecify.annotations.Nullable Socket socket;
    private @org.jspecify.annotations.Nullable ChunkedLines lines;

    Watcher(int index) {
      this.thread = new Thread(this::read, "watcher-" + index);
      this.thread.setDaemon(true);
    }

    /** Sends the watch request and reads the answer's head: the watcher is then subscribed. */
    void open() throws IOException {
      URI uri = URI.create(base);
      Socket s = new Socket(uri.getHost(), uri.getPort());
      s.setTcpNoDelay(true);
      String request =
          "GET "
              + buckets
              + "?watch=true HTTP/1.1\r\nHost: "
              + uri.getAuthority()
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\nAccept: application/json\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      ChunkedLines in = new ChunkedLines(new BufferedInputStream(s.getInputStream(), 1 << 16));
      String status = in.headLine();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("watch answered " + status);
      }
      boolean chunked = false;
      for (String h = in.headLine(); !h.isEmpty(); h = in.headLine()) {
        chunked |= h.toLowerCase(java.util.Locale.ROOT).equals("transfer-encoding: chunked");
      }
      if (!chunked) {
        throw new IOException("watch answer is not chunked");
      }
      socket = s;
      lines = in;
    }

    private void read() {
      ChunkedLines in = java.util.Objects.requireNonNull(lines);
      try {
        for (String line = in.next(); line != null; line = in.next()) {
          event(line, System.nanoTime());
        }
      } catch (IOException e) {
        // closed at the end of the run
      } finally {
        ended.countDown();
      }
    }

    private void event(String line, long now) {
      int s = line.indexOf(SEQ_MARK);
      if (s < 0) {
        return; // a heartbeat or bookmark
      }
      int seq = parseDigits(line, s + SEQ_MARK.length());
      int r = line.indexOf(RV_MARK);
      long revision = r < 0 ? 0 : parseDigits(line, r + RV_MARK.length());
      if (revision <= lastRevision) {
        reordered = true;
      }
      lastRevision = revision;
      if (seen.get(seq)) {
        duplicated = true;
      }
      seen.set(seq);
      int n = count;
      if (n == seqs.length) {
        return; // more events than writes: counted as duplicates already
      }
      seqs[n] = seq;
      arrivals[n] = now;
      count = n + 1;
    }

    void awaitCount(int expected, long deadlineNanos) throws InterruptedException {
      while (count < expected && System.nanoTime() < deadlineNanos && ended.getCount() > 0) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
    }

    double[] latenciesMs() {
      int n = count;
      double[] ms = new double[n];
      for (int i = 0; i < n; i++) {
        long acked = ackedAt.get(seqs[i]);
        ms[i] = Math.max(0, arrivals[i] - acked) / 1e6;
      }
      return ms;
    }

    void close() throws IOException {
      Socket s = socket;
      if (s != null) {
        s.close(); // the reader's blocked read fails, and it ends
      }
    }
  }

  /**
   * The lines of a chunked HTTP/1.1 body, however the server cut them into chunks (one event per
   * chunk, several, or one event over several).
   */
  static final class ChunkedLines {
    private final InputStream in;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
    private int chunkLeft;

    ChunkedLines(InputStream in) {
      this.in = in;
    }

    /** A line of the answer's head (status or header), without its CRLF. */
    String headLine() throws IOException {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(128);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("answer ended in its head");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    /** The next line of the body, or null at its end. */
    @org.jspecify.annotations.Nullable
    String next() throws IOException {
      while (true) {
        if (chunkLeft == 0) {
          String size = headLine();
          if (size.isEmpty()) {
            size = headLine(); // the CRLF after the previous chunk's data
          }
          int semicolon = size.indexOf(';');
          chunkLeft = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
          if (chunkLeft == 0) {
            return null;
          }
        }
        int c = in.read();
        if (c < 0) {
          return null;
        }
        chunkLeft--;
        if (c == '\n') {
          String l = line.toString(StandardCharsets.UTF_8);
          line.reset();
          return l;
        }
        line.write(c);
      }
    }
  }

  private static int parseDigits(String s, int from) {
    int v = 0;
    for (int i = from; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }
}
