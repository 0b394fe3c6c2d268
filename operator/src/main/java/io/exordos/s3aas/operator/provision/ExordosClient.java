package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A small client of the Exordos Core user API (compute node sets, config configs), authenticated
 * with an IAM token from {@code get_token} (password grant, scoped to the project), refreshed with
 * the refresh token before it expires and obtained again on a 401. 5xx answers and I/O errors are
 * retried with jittered exponential backoff; 4xx answers become {@link CoreException}s.
 */
public final class ExordosClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 4;
  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  /** A non-2xx answer from Core, or a call that failed after its retries. */
  public static final class CoreException extends RuntimeException {
    private final int status;

    public CoreException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }

    public boolean isTransient() {
      return status == 0 || status >= 500 || status == 429;
    }
  }

  private final URI base;
  private final String user;
  private final String password;
  private final @Nullable String project;
  private final HttpClient http;
  private @Nullable String accessToken;
  private @Nullable String refreshToken;
  private Instant expiresAt = Instant.EPOCH;

  /**
   * @param baseUrl e.g. {@code http://10.20.0.2/api/core} (the load balancer, which resolves the
   *     {@code default} IAM client) or the user API directly
   * @param project a project UUID, or null for the user's default project
   */
  public ExordosClient(String baseUrl, String user, String password, @Nullable String project) {
    this.base =
        URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.user = user;
    this.password = password;
    this.project = project;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  // ---------------------------------------------------------------- node sets

  public Optional<JsonNode> getNodeSet(String uuid) {
    return getOptional("/v1/compute/sets/" + uuid);
  }

  /**
   * Creates a node set; one that already exists with this UUID is returned as is (a retried
   * create).
   */
  public JsonNode createNodeSet(JsonNode body) {
    try {
      return send("POST", "/v1/compute/sets/", body);
    } catch (CoreException e) {
      if (e.status() == 409) {
        return getNodeSet(body.path("uuid").asText()).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /** Node sets visible to the token's project, filtered by equality on top-level fields. */
  public List<JsonNode> listNodeSets(Map<String, String> filters) {
    String q =
        filters.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    JsonNode n = send("GET", "/v1/compute/sets/" + (q.isEmpty() ? "" : "?" + q), null);
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  public JsonNode updateNodeSet(String uuid, JsonNode body) {
    return send("PUT", "/v1/compute/sets/" + uuid, body);
  }

  /** Deletes a node set; an absent one counts as success. */
  public void deleteNodeSet(String uuid) {
    deleteIgnoringMissing("/v1/compute/sets/" + uuid);
  }

  // ---------------------------------------------------------------- configs

  public Optional<JsonNode> getConfig(String uuid) {
    return getOptional("/v1/config/configs/" + uuid);
  }

  public List<JsonNode> listConfigs(Map<String, String> filters) {
    String q =
        filters.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    JsonNode n = send("GET", "/v1/config/configs/" + (q.isEmpty() ? "" : "?" + q), null);
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  public JsonNode createConfig(JsonNode body) {
    try {
      return send("POST", "/v1/config/configs/", body);
    } catch (CoreException e) {
      if (e.status() == 409) {
        return getConfig(body.path("uuid").asText()).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  public JsonNode updateConfig(String uuid, JsonNode body) {
    return send("PUT", "/v1/config/configs/" + uuid, body);
  }

  public void deleteConfig(String uuid) {
    deleteIgnoringMissing("/v1/config/configs/" + uuid);
  }

  // ---------------------------------------------------------------- plumbing

  private Optional<JsonNode> getOptional(String path) {
    try {
      return Optional.of(send("GET", path, null));
    } catch (CoreException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void deleteIgnoringMissing(String path) {
    try {
      send("DELETE", path, null);
    } catch (CoreException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  private JsonNode send(String method, String path, @Nullable JsonNode body) {
    CoreException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        backoff(attempt);
      }
      try {
        String token = token(false);
        HttpResponse<String> res =
            http.send(request(method, path, body, token), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 401) {
          // expired or revoked: get a new token and try again
          token = token(true);
          res = http.send(request(method, path, body, token), HttpResponse.BodyHandlers.ofString());
        }
        if (res.statusCode() / 100 == 2) {
          return res.body() == null || res.body().isBlank()
              ? JSON.createObjectNode()
              : JSON.readTree(res.body());
        }
        last =
            new CoreException(
                res.statusCode(),
                method + " " + path + ": " + res.statusCode() + " " + message(res.body()));
        if (!last.isTransient()) {
          throw last;
        }
      } catch (IOException e) {
        last = new CoreException(0, method + " " + path + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CoreException(0, method + " " + path + ": interrupted");
      }
    }
    throw last;
  }

  private HttpRequest request(String method, String path, @Nullable JsonNode body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private static String message(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n.path("message").asText(body);
    } catch (IOException | RuntimeException e) {
      return body;
    }
  }

  /**
   * The current access token, refreshed a minute before it expires (or now, when {@code force}).
   */
  synchronized String token(boolean force) throws IOException, InterruptedException {
    String current = accessToken;
    if (!force && current != null && Instant.now().isBefore(expiresAt.minusSeconds(60))) {
      return current;
    }
    Map<String, String> form = new LinkedHashMap<>();
    if (refreshToken != null && !force) {
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refreshToken);
      form.put("ttl", String.valueOf(TOKEN_TTL.toSeconds()));
      refreshToken = null; // single use
      String granted = grant(form);
      if (granted != null) {
        return granted;
      }
      form.clear();
    }
    form.put("grant_type", "password");
    form.put("username", user);
    form.put("password", password);
    form.put("scope", project == null || project.isBlank() ? "" : "project:" + project);
    form.put("ttl", String.valueOf(TOKEN_TTL.toSeconds()));
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        backoff(attempt);
      }
      String granted = grant(form);
      if (granted != null) {
        return granted;
      }
    }
    throw new CoreException(503, "cannot obtain an Exordos IAM token for " + user + " at " + base);
  }

  /** Asks for a token; answers it (kept as the current one) or null when none was granted. */
  private @Nullable String grant(Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(base + "/v1/iam/clients/default/actions/get_token/invoke"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    }
    if (res.statusCode() == 401 || res.statusCode() == 403) {
      if ("password".equals(form.get("grant_type"))) {
        throw new CoreException(
            res.statusCode(),
            "Exordos refused the credentials of " + user + ": " + message(res.body()));
      }
      return null;
    }
    if (res.statusCode() / 100 != 2) {
      return null;
    }
    JsonNode n = JSON.readTree(res.body());
    String granted = n.path("access_token").asText();
    accessToken = granted;
    refreshToken = n.path("refresh_token").asText(null);
    long expiresIn = n.path("expires_in").asLong(TOKEN_TTL.toSeconds());
    expiresAt = Instant.now().plusSeconds(expiresIn);
    return granted.isEmpty() ? null : granted;
  }

  private static void backoff(int attempt) {
    long ms =
        (long) (100 * Math.pow(3, attempt - 1) * (0.5 + ThreadLocalRandom.current().nextDouble()));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
