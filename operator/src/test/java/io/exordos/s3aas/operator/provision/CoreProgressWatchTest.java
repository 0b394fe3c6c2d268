package io.exordos.s3aas.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The watch and a provisioning step must describe the same Core state the same way, or the watch
 * would reconcile an instance on every look; and every step the instance waits for must show.
 */
class CoreProgressWatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static final String NODE = "0b5d3b0e-0000-0000-0000-000000000001";

  @Test
  void aSetStillBootingChangesNothingTheOperatorActsOn() throws Exception {
    JsonNode booting = json("{\"status\": \"IN_PROGRESS\"}");
    JsonNode config = json("{\"status\": \"NEW\"}");
    // configs are read by a step only once the set is ACTIVE with all its nodes: left out before
    assertThat(CoreProgressWatch.fingerprint(booting, Map.of(NODE, config), 1, n -> true))
        .isEqualTo(CoreProgressWatch.fingerprint(booting, Map.of(), 1, n -> true))
        .isEqualTo(
            CoreProgressWatch.fingerprint(json("{\"status\": \"NEW\"}"), Map.of(), 1, n -> true))
        .isNotEqualTo(
            CoreProgressWatch.fingerprint(json("{\"status\": \"ERROR\"}"), Map.of(), 1, n -> true));
  }

  @Test
  void eachStepAfterTheSetIsActiveShows() throws Exception {
    JsonNode set =
        json("{\"status\": \"ACTIVE\", \"nodes\": {\"" + NODE + "\": {\"ipv4\": \"127.20.0.2\"}}}");
    String noConfig = CoreProgressWatch.fingerprint(set, Map.of(), 1, n -> false);
    String applying =
        CoreProgressWatch.fingerprint(
            set, Map.of(NODE, json("{\"status\": \"IN_PROGRESS\"}")), 1, n -> false);
    String down =
        CoreProgressWatch.fingerprint(
            set, Map.of(NODE, json("{\"status\": \"ACTIVE\"}")), 1, n -> false);
    String up =
        CoreProgressWatch.fingerprint(
            set, Map.of(NODE, json("{\"status\": \"ACTIVE\"}")), 1, n -> true);
    // a config being written or applied asks nothing of the operator; applied, and then RustFS
    // answering, each does
    assertThat(noConfig).isEqualTo(applying);
    assertThat(java.util.Set.of(applying, down, up)).hasSize(3);
  }

  @Test
  void onlyNodesWhoseConfigIsAppliedAreProbed() throws Exception {
    String other = "0b5d3b0e-0000-0000-0000-000000000002";
    JsonNode set =
        json(
            "{\"status\": \"ACTIVE\", \"nodes\": {\""
                + NODE
                + "\": {\"ipv4\": \"127.20.0.2\"}, \""
                + other
                + "\": {\"ipv4\": \"127.20.0.3\"}}}");
    JsonNode applied = json("{\"status\": \"ACTIVE\"}");
    // the watch asks each waiting node's RustFS only once every config of its set is applied, and
    // never while the set still lacks a node
    assertThat(CoreProgressWatch.appliedNodes(set, Map.of(NODE, applied), 2)).isEmpty();
    assertThat(CoreProgressWatch.appliedNodes(set, Map.of(NODE, applied, other, applied), 3))
        .isEmpty();
    assertThat(CoreProgressWatch.appliedNodes(set, Map.of(NODE, applied, other, applied), 2))
        .extracting(ProvisionResult.NodeAddress::id)
        .containsExactlyInAnyOrder(NODE, other);
  }
}
