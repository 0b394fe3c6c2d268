package io.exordos.s3aas.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Accepts one administrator token, compared in constant time. The full IAM (per-project roles,
 * tokens stored hashed) replaces this; until then every request still needs the token.
 */
public final class StaticTokenAuthenticator implements Authenticator {
  private final byte[] token;

  public StaticTokenAuthenticator(String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("the admin token must be at least 16 characters");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<String> authenticate(String bearerToken) {
    if (bearerToken == null) {
      return Optional.empty();
    }
    boolean ok = MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
    return ok ? Optional.of("admin") : Optional.empty();
  }
}
