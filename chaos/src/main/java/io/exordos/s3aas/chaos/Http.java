package io.exordos.s3aas.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A plain-HTTP JSON client of one loopback server, with a bearer token. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MERGE = "application/merge-patch+json";

  private final String base;
  private final String token;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** An answer; status 0 when no answer came (refused, reset, timed out). */
  record Answer(int status, JsonNode json, long millis) {
    boolean ok() {
      return status / 100 == 2;
    }

    String rv() {
      return json.at("/metadata/resourceVersion").asText();
    }
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer post(String path, Object body) {
    return send("POST", path, "application/json", body);
  }

  Answer patch(String path, Object body) {
    return send("PATCH", path, MERGE, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  Answer send(String method, String path, @Nullable String contentType, @Nullable Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token);
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), parse(r.body()), (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      return new Answer(0, MissingNode.getInstance(), (System.nanoTime() - start) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, MissingNode.getInstance(), (System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * Streams a watch, one parsed event per line, until the server ends it, the connection breaks or
   * {@code onEvent} answers false. Returns the HTTP status (0: no answer), 200 also when a stream
   * that began broke off.
   */
  int watch(String path, Predicate<JsonNode> onEvent) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    try {
      HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        if (r.statusCode() != 200) {
          return r.statusCode();
        }
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank() && !onEvent.test(JSON.readTree(line))) {
            break;
          }
        }
        return 200;
      } catch (IOException e) {
        return r.statusCode(); // the stream began and broke off (a server killed under it)
      }
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static String write(Object o) {
    try {
      return o instanceof String s ? s : JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
