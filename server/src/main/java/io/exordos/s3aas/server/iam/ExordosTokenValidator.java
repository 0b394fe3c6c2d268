package io.exordos.s3aas.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.server.api.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exordos} validator: asks Exordos Core IAM who a token belongs to ({@code POST
 * {core}/v1/iam/clients/{client}/actions/introspection} with the caller's token as Bearer) and maps
 * the answer to a project member.
 *
 * <ul>
 *   <li>project: the token's {@code project_id} (its {@code project:<uuid>} scope); that project is
 *       the namespace. A token without a project gets no role.
 *   <li>role: from the permissions the plugin manifest declares ({@code
 *       exordos_s3.<resource>.<action>}, wildcards allowed): {@code s3_instance.create} and {@code
 *       s3_instance.delete} make an owner; {@code s3_instance.update} or {@code bucket.create} an
 *       operator; {@code s3_instance.read} a viewer. Core's built-in owner/admin roles hold {@code
 *       *.*.*} and so are owners here. Core has no operator/viewer roles: bind custom roles holding
 *       those permissions.
 * </ul>
 *
 * Successful answers are cached for {@code cacheTtl} (never past the token's expiry), keyed by the
 * token's SHA-256. Core unreachable is 503, not 401, so clients retry instead of dropping tokens.
 */
public final class ExordosTokenValidator implements TokenValidator {
  private static final Logger LOG = LoggerFactory.getLogger(ExordosTokenValidator.class);
  private static final int MAX_CACHE = 10_000;

  private record Cached(Optional<Principal> principal, Instant until) {}

  private final URI introspection;
  private final Duration cacheTtl;
  private final Clock clock;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ExordosTokenValidator(IamConfig config, Clock clock) {
    String base =
        Objects.requireNonNull(config.exordosUrl(), "IAM mode exordos needs the Exordos Core URL")
            .replaceAll("/+$", "");
    this.introspection =
        URI.create(base + "/v1/iam/clients/" + config.exordosClient() + "/actions/introspection");
    this.cacheTtl = config.cacheTtl();
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public Optional<Principal> validate(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank()) {
      return Optional.empty();
    }
    String key = LocalTokens.sha256(bearerToken);
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit != null && hit.until().isAfter(now)) {
      return hit.principal();
    }
    JsonNode answer = introspect(bearerToken);
    if (answer == null) {
      cache.remove(key);
      return Optional.empty();
    }
    Optional<Principal> principal = Optional.of(principalOf(answer));
    Instant until = now.plus(cacheTtl);
    JsonNode expiresAt = answer.path("expires_at");
    String expires = expiresAt.asText("");
    if (!expires.isEmpty()) {
      try {
        // Core writes token expiries as integer epoch seconds; ISO text is accepted too
        Instant exp =
            expiresAt.canConvertToLong()
                ? Instant.ofEpochSecond(expiresAt.asLong())
                : Instant.parse(expires);
        if (exp.isBefore(until)) {
          until = exp;
        }
      } catch (RuntimeException e) {
        // an unparsable expiry: trust the cache TTL only
      }
    }
    if (cache.size() > MAX_CACHE) {
      cache.clear();
    }
    cache.put(key, new Cached(principal, until));
    return principal;
  }

  private @Nullable JsonNode introspect(String token) {
    HttpRequest req =
        HttpRequest.newBuilder(introspection)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.warn("Exordos IAM introspection at {} failed: {}", introspection, e.toString());
      throw new ApiException(
          503,
          "ServiceUnavailable",
          "the identity service (Exordos Core IAM) is unreachable; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "ServiceUnavailable", "interrupted while validating the token");
    }
    if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() / 100 != 2) {
      LOG.warn("Exordos IAM introspection answered {}", r.statusCode());
      throw new ApiException(
          503,
          "ServiceUnavailable",
          "the identity service (Exordos Core IAM) answered " + r.statusCode() + "; try again");
    }
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new ApiException(
          503,
          "ServiceUnavailable",
          "the identity service (Exordos Core IAM) answered with invalid JSON");
    }
  }

  static Principal principalOf(JsonNode answer) {
    JsonNode user = answer.path("user_info");
    String name =
        user.path("username")
            .asText(user.path("name").asText(user.path("uuid").asText("exordos-user")));
    String project = answer.path("project_id").asText("");
    List<String> permissions = new ArrayList<>();
    answer.path("permissions").forEach(p -> permissions.add(p.asText()));
    Role role = project.isEmpty() ? null : roleOf(permissions);
    return Principal.member(
        "exordos:" + name,
        project.isEmpty() ? null : project.toLowerCase(java.util.Locale.ROOT),
        role);
  }

  /** The strongest role the permissions amount to, or null for none. */
  static @Nullable Role roleOf(List<String> permissions) {
    if (holds(permissions, "exordos_s3.s3_instance.create")
        && holds(permissions, "exordos_s3.s3_instance.delete")) {
      return Role.OWNER;
    }
    if (holds(permissions, "exordos_s3.s3_instance.update")
        || holds(permissions, "exordos_s3.bucket.create")) {
      return Role.OPERATOR;
    }
    if (holds(permissions, "exordos_s3.s3_instance.read")) {
      return Role.VIEWER;
    }
    return null;
  }

  /**
   * Whether any permission ({@code service.resource.action}, {@code *} wildcards) grants the wanted
   * one.
   */
  static boolean holds(List<String> permissions, String wanted) {
    for (String p : permissions) {
      String regex = Pattern.quote(p).replace("*", "\\E[^.]*\\Q");
      if (Pattern.matches(regex, wanted)) {
        return true;
      }
    }
    return false;
  }
}
