package io.exordos.s3aas.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write that lost a race is decided again on the newer object (the store is optimistic); its
 * answer carries the warnings of the decision that was stored, each once, as a client shows every
 * Warning header it gets.
 */
class ResourceServiceWarningsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRetriedDecisionWarnsOnce() {
    ResourceService service = server.server().service();
    ResourceType secrets = service.registry().find("", "v1", "secrets").orElseThrow();
    ObjectNode secret = ApiClient.mapper().createObjectNode();
    secret.putObject("metadata").put("name", "warned-once");
    service.create(secrets, "default", secret, WriteOptions.DEFAULT);
    ResourceKey key = new ResourceKey(secrets, "default", "warned-once");

    // the first decision is overtaken by another writer, so the store decides a second time
    AtomicInteger decisions = new AtomicInteger();
    WriteGuard overtaken =
        (current, next) -> {
          if (decisions.incrementAndGet() == 1) {
            ObjectNode label = ApiClient.mapper().createObjectNode();
            label.putObject("metadata").putObject("labels").put("writer", "other");
            service.patch(key, Patches.Type.MERGE_PATCH, label, WriteOptions.DEFAULT, false);
          }
        };
    ObjectNode patch = ApiClient.mapper().createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    meta.put("colour", "blue"); // not an ObjectMeta field: dropped with a warning
    meta.putObject("annotations").put("note", "kept");
    WriteResult r =
        service.patch(
            key,
            Patches.Type.MERGE_PATCH,
            patch,
            new WriteOptions(false, "Warn", overtaken),
            false);

    assertThat(decisions).hasValue(2);
    assertThat(r.warnings()).containsExactly("unknown field \"metadata.colour\"");
    assertThat(r.object().at("/metadata/labels/writer").asText()).isEqualTo("other");
    assertThat(r.object().at("/metadata/annotations/note").asText()).isEqualTo("kept");
  }
}
