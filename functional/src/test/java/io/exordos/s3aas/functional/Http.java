package io.exordos.s3aas.functional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A small JSON-over-HTTP client: the only way the suite talks to s3aas and Core. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /** An answer: status, parsed JSON body (MissingNode when empty or not JSON) and the raw text. */
  record Response(int status, JsonNode json, String text) {
    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  private final String base;
  private final String token;

  Http(String base, String token) {
    this.base = base.replaceAll("/+$", "");
    this.token = token;
  }

  Http withToken(String t) {
    return new Http(base, t);
  }

  String base() {
    return base;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text;
      try {
        text = body instanceof String s ? s : JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    return exchange(b.build());
  }

  /** {@code application/x-www-form-urlencoded} POST (Core IAM's get_token). */
  Response postForm(String path, Map<String, String> form) {
    String text =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return exchange(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(text))
            .build());
  }

  private static Response exchange(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = MissingNode.getInstance();
      try {
        if (!r.body().isBlank()) {
          json = JSON.readTree(r.body());
        }
      } catch (IOException notJson) {
        // keep MissingNode; the text is still there
      }
      return new Response(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Core IAM: {@code POST {core}/v1/iam/clients/{client}/actions/get_token/invoke}, password grant
   * (platform reference 1.2).
   */
  static String coreToken(
      String coreEndpoint, String client, String user, String password, String scope) {
    Response r =
        new Http(coreEndpoint, null)
            .postForm(
                "/v1/iam/clients/" + client + "/actions/get_token/invoke",
                Map.of(
                    "grant_type",
                    "password",
                    "username",
                    user,
                    "password",
                    password,
                    "scope",
                    scope,
                    "ttl",
                    "7200"));
    if (r.status() != 200 || !r.json().hasNonNull("access_token")) {
      throw new AssertionError("get_token for " + user + " at " + coreEndpoint + " failed: " + r);
    }
    return r.json().get("access_token").asText();
  }
}
