package io.exordos.s3aas.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A list without a resourceVersion shows the caller's own acknowledged writes, even while an older
 * transaction is still in flight and holds the watermark back (a facade call that creates a user
 * and then names it, or {@code kubectl apply} then {@code get}, found it missing under load).
 */
class ConsistentListTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";

  @Test
  void aListWaitsForAnOlderTransactionAndShowsTheCallersWrite() throws Exception {
    try (TestServer server = TestServer.start(false);
        Connection older = server.db().connect()) {
      ApiClient api = server.client();
      double waitsBefore = listWaits(api);
      holdTransactionId(older);
      assertThat(api.post(SECRETS, Map.of("metadata", Map.of("name", "mine"))).status())
          .isEqualTo(201);

      CompletableFuture<Response> list = CompletableFuture.supplyAsync(() -> api.get(SECRETS));
      await().atMost(Duration.ofSeconds(10)).until(() -> listWaits(api) > waitsBefore);
      older.commit();

      Response r = list.get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(names(r.json())).contains("mine");
    }
  }

  /**
   * When the older transaction outlives the wait, the list is served at the watermark, behind the
   * write; a watch from its resourceVersion still delivers the write once that transaction ends, so
   * list + watch loses nothing.
   */
  @Test
  void aListServedBehindAStuckTransactionLosesNothingForItsWatch() throws Exception {
    try (TestServer server = TestServer.start(false);
        Connection older = server.db().connect()) {
      ApiClient api = server.client();
      holdTransactionId(older);
      assertThat(api.post(SECRETS, Map.of("metadata", Map.of("name", "late"))).status())
          .isEqualTo(201);

      Response list = api.get(SECRETS);
      assertThat(list.status()).isEqualTo(200);
      assertThat(names(list.json())).doesNotContain("late");
      String rv = list.json().at("/metadata/resourceVersion").asText();
      try (ApiClient.Watch watch = api.watch(SECRETS + "?watch=true&resourceVersion=" + rv)) {
        older.commit();
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.summary().contains("ADDED late"));
      }
    }
  }

  /** Gives the connection's open transaction an id older than any write that follows. */
  private static void holdTransactionId(Connection c) throws Exception {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("select pg_current_xact_id()");
    }
  }

  private static double listWaits(ApiClient api) {
    for (String line : api.get("/metrics").body().lines().toList()) {
      if (line.startsWith("s3aas_list_consistency_waits_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no s3aas_list_consistency_waits_total in /metrics");
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }
}
