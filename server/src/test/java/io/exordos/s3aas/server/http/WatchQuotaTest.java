package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One token cannot pile up open watches: past the cap it gets a clear 429. */
class WatchQuotaTest {
  @Test
  void aTokenHoldsAtMostItsQuotaOfOpenWatches() {
    try (TestServer server = TestServer.start()) {
      Response ns =
          server.client().post("/api/v1/namespaces", Map.of("metadata", Map.of("name", "proj-w")));
      assertThat(ns.status()).isEqualTo(201);
      ApiClient viewer =
          new ApiClient(
              server.url(),
              server.server().tokens().create("proj-w", Role.VIEWER, "", null).token(),
              server.caPem());
      String path =
          "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-w/s3instances?watch=true&timeoutSeconds=60";
      List<ApiClient.Watch> open = new ArrayList<>();
      try {
        for (int i = 0; i < WatchQuota.PER_CALLER; i++) {
          ApiClient.Watch w = viewer.watch(path);
          assertThat(w.status()).as("watch %d", i).isEqualTo(200);
          open.add(w);
        }
        Response refused = viewer.get(path);
        assertThat(refused.status()).as("%s", refused).isEqualTo(429);
        assertThat(refused.text("/reason")).isEqualTo("TooManyRequests");
        assertThat(refused.text("/message")).contains("too many open watches");
      } finally {
        open.forEach(ApiClient.Watch::close);
      }
    }
  }
}
