package io.exordos.s3aas.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/** A small HTTPS client of the resource API for the load phases of {@link ApiBenchmark}. */
final class ApiClient {
  private static final String BUCKETS = buckets("default");
  private static final Pattern RV = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

  private final String base;
  private final String token;
  private final HttpClient http;
  private final AtomicLong counter = new AtomicLong();

  ApiClient(String base, String token, @Nullable String caPem) throws Exception {
    this.base = base;
    this.token = token;
    if (caPem == null) {
      this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      return;
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "s3aas",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    this.http =
        HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .timeout(java.time.Duration.ofSeconds(60));
  }

  private static String buckets(String namespace) {
    return "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + namespace + "/buckets";
  }

  /** Creates a namespace (project). */
  void namespace(String name) throws IOException, InterruptedException {
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    HttpResponse<String> r =
        http.send(
            request("/api/v1/namespaces")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("namespace answered " + r.statusCode() + ": " + r.body());
    }
  }

  private String create(String name) throws IOException, InterruptedException {
    return create("default", name);
  }

  private String create(String namespace, String name) throws IOException, InterruptedException {
    String body =
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"Bucket\",\"metadata\":{\"name\":\""
            + name
            + "\",\"labels\":{\"bench\":\"yes\"}},\"spec\":{\"instanceRef\":\"data\",\"versioning\":true}}";
    HttpResponse<String> r =
        http.send(
            request(buckets(namespace))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  double createLoad(int threads, int seconds) throws InterruptedException {
    return load(threads, seconds, () -> create("b-" + counter.incrementAndGet()));
  }

  double getLoad(int threads, int seconds) throws InterruptedException {
    long existing = counter.get();
    return load(
        threads,
        seconds,
        () -> {
          long n = 1 + (System.nanoTime() % existing);
          HttpResponse<String> r =
              http.send(
                  request(BUCKETS + "/b-" + n).GET().build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("get answered " + r.statusCode());
          }
        });
  }

  interface Call {
    void run() throws Exception;
  }

  private double load(int threads, int seconds, Call call) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    call.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  done.incrementAndGet();
                }
              });
      w.start();
      workers.add(w);
    }
    return ApiBenchmark.measure(done, stop, workers, seconds);
  }

  /** Creates {@code total} buckets in {@code namespace}. */
  void fill(String namespace, int total, int threads) throws InterruptedException {
    AtomicLong made = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                while (true) {
                  long n = made.incrementAndGet();
                  if (n > total) {
                    return;
                  }
                  try {
                    create(namespace, "l-" + n);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
  }

  /** Times full lists (JSON, no paging) and checks each has at least {@code expected} items. */
  /** Times listing all of {@code namespace}'s buckets, which must be exactly {@code expected}. */
  List<Double> listTimes(String namespace, int expected, int runs)
      throws IOException, InterruptedException {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs + 2; i++) {
      long start = System.nanoTime();
      HttpResponse<byte[]> r =
          http.send(
              request(buckets(namespace)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      double ms = (System.nanoTime() - start) / 1e6;
      String body = new String(r.body(), StandardCharsets.UTF_8);
      int items = body.split("\"kind\":\"Bucket\"", -1).length - 1;
      if (r.statusCode() != 200 || items != expected) {
        throw new IllegalStateException(
            "list answered " + r.statusCode() + " with " + items + " items");
      }
      if (i >= 2) { // two warm-up runs
        times.add(ms);
      }
    }
    return times;
  }

  /**
   * Watch latencies in ms, measured two ways for the same events.
   *
   * @param fromSend from sending the write to receiving its event (includes the write's round trip)
   * @param fromAck from the write's answer (it has committed) to its event; 0 when the event came
   *     first
   */
  record WatchLatencies(List<Double> fromSend, List<Double> fromAck) {}

  /** One watcher on the buckets; a writer patches one object at a time. */
  WatchLatencies watchLatencies(int samples) throws Exception {
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
    Map<Long, Long> arrivedAt = new ConcurrentHashMap<>();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    HttpResponse<String> list =
        http.send(
            request(BUCKETS + "?limit=1").GET().build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = RV.matcher(list.body());
    if (!m.find()) {
      throw new IllegalStateException("no list resourceVersion");
    }
    String from = m.group(1);
    CountDownLatch received = new CountDownLatch(samples);
    HttpResponse<InputStream> watch =
        http.send(
            request(
                    BUCKETS
                        + "?watch=true&resourceVersion="
                        + from
                        + "&fieldSelector=metadata.name%3Db-1")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    Thread reader =
        new Thread(
            () -> {
              try (var lines =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  long now = System.nanoTime();
                  Matcher e = Pattern.compile("\"bench-seq\":\"(\\d+)\"").matcher(line);
                  if (e.find()) {
                    long seq = Long.parseLong(e.group(1));
                    Long sent = sentAt.get(seq);
                    if (sent != null) {
                      arrivedAt.put(seq, now);
                      latencies.add((now - sent) / 1e6);
                      received.countDown();
                    }
                  }
                }
              } catch (IOException ignored) {
                // stream closed at the end
              }
            });
    reader.setDaemon(true);
    reader.start();
    for (long seq = 1; seq <= samples; seq++) {
      String patch = "{\"metadata\":{\"annotations\":{\"bench-seq\":\"" + seq + "\"}}}";
      sentAt.put(seq, System.nanoTime());
      HttpResponse<String> r =
          http.send(
              request(BUCKETS + "/b-1")
                  .header("Content-Type", "application/merge-patch+json")
                  .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      ackedAt.put(seq, System.nanoTime());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("patch answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(2); // paced writes: latency, not throughput
    }
    if (!received.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "only " + (samples - received.getCount()) + " of " + samples + " events arrived");
    }
    watch.body().close();
    List<Double> fromAck = new ArrayList<>();
    // an event is counted only for a sent patch, and every patch was acknowledged by now
    arrivedAt.forEach(
        (seq, arrived) -> {
          long acked = Objects.requireNonNull(ackedAt.get(seq), "acknowledgement of patch " + seq);
          fromAck.add(Math.max(0, arrived - acked) / 1e6);
        });
    return new WatchLatencies(new ArrayList<>(latencies), fromAck);
  }
}
