package io.exordos.s3aas.emulator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Core IAM tokens: the password and refresh_token grants of {@code get_token}, Bearer token lookup
 * with expiry, and the project each token is scoped to. Tokens are opaque random strings here (real
 * Core issues JWTs); clients must treat them as opaque anyway.
 */
final class TokenService {
  static final Duration DEFAULT_TTL = Duration.ofDays(1);
  static final Duration MAX_TTL = Duration.ofDays(30);

  /** What a valid access token stands for. */
  record Token(
      String accessToken,
      String refreshToken,
      String userUuid,
      String username,
      String projectId,
      String scope,
      Instant expiresAt,
      Instant refreshExpiresAt) {}

  private final String adminUser;
  private final String adminPassword;
  private final String adminUuid;
  private final String defaultProject;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> byAccess = new ConcurrentHashMap<>();
  private final Map<String, Token> byRefresh = new ConcurrentHashMap<>();

  TokenService(String adminUser, String adminPassword, String defaultProject, Clock clock) {
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
    this.adminUuid =
        UUID.nameUUIDFromBytes(("user:" + adminUser).getBytes(StandardCharsets.UTF_8)).toString();
    this.defaultProject = defaultProject;
    this.clock = clock;
  }

  String adminUuid() {
    return adminUuid;
  }

  Token passwordGrant(
      String username, String password, String scope, Duration ttl, Duration refreshTtl) {
    boolean ok =
        username != null
            && password != null
            && MessageDigest.isEqual(
                username.getBytes(StandardCharsets.UTF_8),
                adminUser.getBytes(StandardCharsets.UTF_8))
            && MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8),
                adminPassword.getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      throw CoreException.invalidGrant("The username or password is incorrect");
    }
    return issue(scope, ttl, refreshTtl);
  }

  Token refreshGrant(String refreshToken, Duration ttl, Duration refreshTtl) {
    Token old = refreshToken == null ? null : byRefresh.remove(refreshToken);
    if (old == null || clock.instant().isAfter(old.refreshExpiresAt())) {
      throw new CoreException(
          401, "InvalidRefreshTokenError", "The refresh token is invalid or expired");
    }
    byAccess.remove(old.accessToken());
    return issue(old.scope(), ttl, refreshTtl);
  }

  private Token issue(String scope, Duration ttl, Duration refreshTtl) {
    String project = projectOf(scope);
    Instant now = clock.instant();
    Token t =
        new Token(
            randomToken(),
            randomToken(),
            adminUuid,
            adminUser,
            project,
            scope == null ? "" : scope,
            now.plus(ttl),
            now.plus(refreshTtl));
    byAccess.put(t.accessToken(), t);
    byRefresh.put(t.refreshToken(), t);
    return t;
  }

  /**
   * {@code project:<uuid>} binds the token to that project, {@code project:default} to the user's
   * default one; an empty scope to none ("" here), as in Core.
   */
  private String projectOf(String scope) {
    if (scope == null || scope.isBlank()) {
      return "";
    }
    if (scope.equals("project:default")) {
      return defaultProject;
    }
    if (!scope.startsWith("project:")) {
      throw new CoreException(400, "InvalidScopeError", "Unsupported scope '" + scope + "'");
    }
    String id = scope.substring("project:".length());
    try {
      return UUID.fromString(id).toString();
    } catch (IllegalArgumentException e) {
      throw new CoreException(
          400, "InvalidScopeError", "Scope project must be a UUID: '" + id + "'");
    }
  }

  /** Resolves an {@code Authorization: Bearer} header value, or throws 401. */
  Token authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw CoreException.unauthorized("A Bearer token is required");
    }
    Token t = byAccess.get(authorization.substring(7).trim());
    if (t == null) {
      throw CoreException.unauthorized("The token is invalid");
    }
    if (clock.instant().isAfter(t.expiresAt())) {
      throw CoreException.unauthorized("The token has expired");
    }
    return t;
  }

  Optional<Token> find(String accessToken) {
    return Optional.ofNullable(byAccess.get(accessToken));
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
