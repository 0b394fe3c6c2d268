package io.exordos.s3aas.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A plain HTTP client of the s3aas APIs (the resource API and the facade), for asserting exact
 * status codes and bodies; it trusts the server's CA when given one.
 */
public final class ApiClient {
  public static final String JSON = "application/json";
  public static final String MERGE = "application/merge-patch+json";
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String APPLY = "application/apply-patch+yaml";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String base;
  private final String token;
  private final HttpClient http;

  public ApiClient(String base, String token, @Nullable String caPem) {
    this.base = base;
    this.token = token;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (caPem != null) {
      b.sslContext(trusting(caPem));
    }
    this.http = b.build();
  }

  public static SSLContext trusting(String caPem) {
    try {
      var cert =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("s3aas", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the server CA", e);
    }
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A status code and body; {@link #json} is the parsed body (missing when not JSON). */
  public record Response(int status, String body, JsonNode json) {
    public String text(String pointer) {
      return json.at(pointer).asText();
    }

    public String rv() {
      return json.at("/metadata/resourceVersion").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, JSON, body);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, JSON, body);
  }

  public Response patch(String path, String contentType, Object body) {
    return send("PATCH", path, contentType, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, JSON, "{\"propagationPolicy\":\"Background\"}");
  }

  public Response send(
      String method, String path, @Nullable String contentType, @Nullable Object body) {
    return send(method, path, contentType, body, true);
  }

  /**
   * Sends a request, with the bearer token when {@code withToken}.
   *
   * @param body a String sent as is, or anything else serialised as JSON
   */
  public Response send(
      String method,
      String path,
      @Nullable String contentType,
      @Nullable Object body,
      boolean withToken) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (withToken) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", contentType == null ? JSON : contentType);
      b.method(
          method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), parse(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(@Nullable String body) {
    try {
      return body == null || body.isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a watch (the path must carry {@code watch=true}) and records its events in the
   * background.
   */
  public Watch watch(String path) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      return new Watch(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A running watch: its events, in the order received. */
  public static final class Watch implements AutoCloseable {
    private final int status;
    private final InputStream in;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;

    Watch(int status, InputStream in) {
      this.status = status;
      this.in = in;
      this.reader = new Thread(this::read, "test-watch");
      this.reader.setDaemon(true);
      this.reader.start();
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            events.add(json(line));
          }
        }
      } catch (IOException | RuntimeException e) {
        // closed
      } finally {
        ended = true;
      }
    }

    public int status() {
      return status;
    }

    public List<JsonNode> events() {
      return events;
    }

    /** The events as "TYPE name" strings, e.g. "ADDED a". */
    public List<String> summary() {
      return events.stream()
          .map(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
          .toList();
    }

    public boolean ended() {
      return ended;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
