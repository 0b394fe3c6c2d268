package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} serves the series of sources added in the same process after the server's own:
 * how {@code s3aas up} shows the operator's usage gauges on the one endpoint.
 */
class MetricsSourcesTest {
  @Test
  void addedSourcesAreServedAfterTheServersOwnSeries() {
    try (TestServer server = TestServer.start(false)) {
      server
          .server()
          .addMetricsSource(
              () -> "s3aas_bucket_bytes{namespace=\"default\",bucket=\"b\",instance=\"i\"} 5\n");
      ApiClient.Response r = server.client().get("/metrics");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body())
          .contains("s3aas_watchers")
          .endsWith("s3aas_bucket_bytes{namespace=\"default\",bucket=\"b\",instance=\"i\"} 5\n");
    }
  }

  @Test
  void requestsAreCountedPerVerbAndCode() {
    try (TestServer server = TestServer.start(false)) {
      ApiClient api = server.client();
      for (int i = 0; i < 3; i++) {
        assertThat(api.get("/api/v1/namespaces/default/secrets/absent").status()).isEqualTo(404);
      }
      assertThat(api.get("/api/v1/namespaces/default/secrets").status()).isEqualTo(200);
      String metrics = api.get("/metrics").body();
      assertThat(metrics)
          .containsPattern("s3aas_http_requests_seconds_count\\{code=\"404\",verb=\"[a-z]+\"} 3")
          .containsPattern("s3aas_http_requests_seconds_count\\{code=\"200\",verb=\"[a-z]+\"} 1");
    }
  }
}
