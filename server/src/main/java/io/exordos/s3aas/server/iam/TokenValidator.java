package io.exordos.s3aas.server.iam;

import java.util.Optional;

/** One way of validating bearer tokens of project members: {@code local} or {@code exordos}. */
public interface TokenValidator {
  /** The principal of a valid token; empty for an unknown, expired or revoked one. */
  Optional<Principal> validate(String bearerToken);
}
