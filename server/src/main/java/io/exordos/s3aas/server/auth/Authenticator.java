package io.exordos.s3aas.server.auth;

import java.util.Optional;

/** Decides who a bearer token belongs to. */
public interface Authenticator {
  /** The principal's name for a valid token, or empty when the token is unknown. */
  Optional<String> authenticate(String bearerToken);
}
