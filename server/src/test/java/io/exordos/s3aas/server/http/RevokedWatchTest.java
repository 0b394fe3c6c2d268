package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.server.iam.LocalTokens;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A watch opened with a token that is then revoked ends within seconds. */
class RevokedWatchTest {
  @Test
  void aRevokedTokensWatchEnds() {
    try (TestServer server = TestServer.start()) {
      assertThat(
              server
                  .client()
                  .post("/api/v1/namespaces", Map.of("metadata", Map.of("name", "proj-r")))
                  .status())
          .isEqualTo(201);
      LocalTokens.Created token = server.server().tokens().create("proj-r", Role.VIEWER, "", null);
      ApiClient viewer = new ApiClient(server.url(), token.token(), server.caPem());
      try (ApiClient.Watch watch =
          viewer.watch(
              "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-r/s3instances"
                  + "?watch=true&timeoutSeconds=300")) {
        assertThat(watch.status()).isEqualTo(200);
        assertThat(server.server().tokens().revoke(token.id())).isTrue();
        await().atMost(Duration.ofMillis(3 * WatchStream.TOKEN_CHECK_EVERY_MS)).until(watch::ended);
      }
    }
  }
}
