package io.exordos.s3aas.server.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The cluster admin token (kubectl through the kubeconfig of {@code s3aas up}, the operator):
 * compared in constant time, so the comparison does not tell how much of a guess was right.
 */
public final class AdminToken {
  /** The name its principal has. */
  static final String PRINCIPAL = "admin";

  private final byte[] token;

  public AdminToken(String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("the admin token must be at least 16 characters");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean matches(String bearerToken) {
    return MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
  }
}
