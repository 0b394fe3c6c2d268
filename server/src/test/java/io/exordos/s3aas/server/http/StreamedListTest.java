package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A list without a limit is written as it is read (never built whole in memory): it must still be
 * one well-formed answer, equal to the same list read in pages, with every item in order, and an
 * option refused before the first byte is still a plain error.
 */
class StreamedListTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final int COUNT = 1_234; // more than the store's cursor fetch of 500

  @Test
  void anUnpagedListEqualsThePagedOneItemForItem() {
    try (TestServer server = TestServer.start(false)) {
      ApiClient api = server.client();
      IntStream.range(0, COUNT)
          .parallel()
          .forEach(
              i ->
                  assertThat(
                          api.post(
                                  SECRETS,
                                  Map.of(
                                      "metadata",
                                      Map.of(
                                          "name",
                                          String.format("s-%05d", i),
                                          "labels",
                                          Map.of("parity", i % 2 == 0 ? "even" : "odd")),
                                      "stringData",
                                      Map.of("k", "v" + i)))
                              .status())
                      .isEqualTo(201));

      Response whole = api.get(SECRETS);
      assertThat(whole.status()).isEqualTo(200);
      assertThat(whole.text("/kind")).isEqualTo("SecretList");
      assertThat(whole.text("/apiVersion")).isEqualTo("v1");
      assertThat(whole.text("/metadata/resourceVersion")).isNotEmpty();
      List<JsonNode> paged = new ArrayList<>();
      String next = "";
      do {
        Response page = api.get(SECRETS + "?limit=500" + next);
        assertThat(page.status()).isEqualTo(200);
        page.json().path("items").forEach(paged::add);
        String token = page.json().at("/metadata/continue").asText("");
        next = token.isEmpty() ? null : "&continue=" + token;
      } while (next != null);
      List<JsonNode> items = new ArrayList<>();
      whole.json().path("items").forEach(items::add);
      assertThat(items).hasSize(COUNT).isEqualTo(paged);
      assertThat(items.get(7).at("/data/k").asText()).isNotEmpty(); // Secrets unsealed one by one

      Response odd = api.get(SECRETS + "?labelSelector=parity%3Dodd");
      assertThat(odd.json().path("items").size()).isEqualTo(COUNT / 2);

      Response exact = api.get(SECRETS + "?resourceVersion=1&resourceVersionMatch=Exact");
      assertThat(exact.status()).isEqualTo(410);
      assertThat(exact.text("/kind")).isEqualTo("Status");
    }
  }
}
