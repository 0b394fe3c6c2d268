package io.exordos.s3aas.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A list's continue token comes back from the client: it round-trips exactly, and anything else a
 * client sends is one refusal (410-style "invalid continue token"), never a server error.
 */
class ContinueTokenTest {
  private static String encoded(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTokenRoundTripsAlsoWithColonsAndUnicodeInTheKey() {
    ContinueToken t = new ContinueToken(42, "ns:a\u0000name:ü");
    assertThat(ContinueToken.decode(t.encode())).isEqualTo(t);
    assertThat(t.encode()).doesNotContain("=", "+", "/");
  }

  @Test
  void whatTheServerNeverIssuedIsRefusedAsABadContinue() {
    for (String bad :
        new String[] {
          "not base64!",
          encoded("42"), // no separator
          encoded("42:ns-and-name-without-the-nul"),
          encoded("forty-two:ns\u0000name"),
          ""
        }) {
      assertThatThrownBy(() -> ContinueToken.decode(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.BAD_CONTINUE))
          .hasMessageContaining("invalid continue token");
    }
  }
}
