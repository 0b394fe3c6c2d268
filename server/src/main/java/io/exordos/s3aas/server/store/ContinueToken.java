package io.exordos.s3aas.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Where a paged list stopped: the list's revision and the last key it returned. */
record ContinueToken(long revision, String lastKey) {
  String encode() {
    String raw = revision + ":" + lastKey;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static ContinueToken decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon < 0 || raw.indexOf('\u0000') < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new ContinueToken(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Reason.BAD_CONTINUE, "invalid continue token");
    }
  }
}
