package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.operator.calls.CircuitBreaker;
import io.exordos.s3aas.operator.calls.ExternalCallException;
import io.exordos.s3aas.operator.calls.Retry;
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
  private static final Retry RETRY = new Retry(4, Duration.ofMillis(100), 3);
  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  /**
   * The MetaPaaS project, where the seed's plugin keeps S3 node sets: the project the operator asks
   * a token for when none is configured (an unscoped Core token carries no project, and Core
   * refuses to create node sets with it).
   */
  public static final String METAPAAS_PROJECT = "4d657461-0000-0000-0000-000000000002";

  /** A non-2xx answer from Core, or a call that failed after its retries. */
  public static final class CoreException extends ExternalCallException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;

    public CoreException(int status, String message) {
      this(
          status,
          status == 0 || status >= 500 || status == 429 ? "ExordosUnavailable" : "ExordosRefused",
          message);
    }

    CoreException(int status, String reason, String message) {
      super(message, null);
      this.status = status;
      this.reason = reason;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public boolean isTransient() {
      return status == 0 || status >= 500 || status == 429;
    }

    @Override
    public String reason() {
      return reason;
    }
  }

  private final URI base;
  private final String user;
  private final String password;
  private final String project;
  private final HttpClient http;
  private final CircuitBreaker breaker = new CircuitBreaker(5, Duration.ofSeconds(5));
  private @Nullable String accessToken;
  private @Nullable String refreshToken;
  private Instant expiresAt = Instant.EPOCH;

  /**
   * @param baseUrl e.g. {@code http://10.20.0.2/api/core} (the load balancer, which resolves the
   *     {@code default} IAM client) or the user API directly
   * @param project the project UUID node sets live in, or null for the MetaPaaS project
   */
  public ExordosClient(String baseUrl, String user, String password, @Nullable String project) {
    this.base =
        URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.user = user;
    this.password = password;
    this.project = project == null || project.isBlank() ? METAPAAS_PROJECT : project;
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
    return RETRY.call(
        () -> sendOnce(method, path, body),
        e -> translate(method + " " + path, e),
        breaker,
        () ->
            new CoreException(
                503,
                base
                    + " failed "
                    + breaker.threshold()
                    + " calls in a row; pausing calls for "
                    + breaker.openFor().toSeconds()
                    + " s"));
  }

  private JsonNode sendOnce(String method, String path, @Nullable JsonNode body)
      throws IOException, InterruptedException {
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
    throw new CoreException(
        res.statusCode(),
        method + " " + path + ": " + res.statusCode() + " " + message(res.body()));
  }

  private static CoreException translate(String what, Exception e) {
    if (e instanceof CoreException c) {
      return c;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new CoreException(0, what + ": interrupted");
    }
    return new CoreException(0, what + ": " + e);
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
    form.put("scope", "project:" + project);
    form.put("ttl", String.valueOf(TOKEN_TTL.toSeconds()));
    String granted = grant(form);
    if (granted == null) {
      throw new CoreException(
          503, "cannot obtain an Exordos IAM token for " + user + " at " + base);
    }
    return granted;
  }

  /**
   * Asks for a token; answers it (kept as the current one) or null when none was granted for a
   * reason that may pass. Core answers wrong credentials with 400 {@code invalid_grant} (RFC 6749,
   * gcl_iam's middleware): a refusal for good, until the operator's Core password is fixed.
   */
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
    boolean password = "password".equals(form.get("grant_type"));
    if (password && refusedCredentials(res)) {
      throw new CoreException(
          res.statusCode(),
          "CredentialsRefused",
          "Exordos Core refused the credentials of user "
              + user
              + " ("
              + errorCode(res.body())
              + "); fix the operator's Exordos user or password");
    }
    if (res.statusCode() / 100 != 2) {
      return null;
    }
    JsonNode n = JSON.readTree(res.body());
    String granted = n.path("access_token").asText();
    accessToken = granted;
    refreshToken = n.path("refresh_token").asText(null);
    expiresAt = expiry(n);
    return granted.isEmpty() ? null : granted;
  }

  /** 400 invalid_grant as Core answers; 401/403 as older gateways do. */
  private static boolean refusedCredentials(HttpResponse<String> res) {
    int code = res.statusCode();
    return code == 401
        || code == 403
        || (code == 400 && "invalid_grant".equals(errorCode(res.body())));
  }

  private static String errorCode(String body) {
    try {
      return JSON.readTree(body).path("error").asText("refused");
    } catch (IOException | RuntimeException e) {
      return "refused";
    }
  }

  /**
   * When a token expires: {@code expires_in} seconds from now when Core says it (immune to clock
   * skew), else {@code expires_at}, an integer epoch second in Core's answer.
   */
  static Instant expiry(JsonNode token) {
    if (token.path("expires_in").canConvertToLong()) {
      return Instant.now().plusSeconds(token.path("expires_in").asLong());
    }
    JsonNode at = token.path("expires_at");
    if (at.canConvertToLong()) {
      return Instant.ofEpochSecond(at.asLong());
    }
    return Instant.now().plus(TOKEN_TTL);
  }
}
