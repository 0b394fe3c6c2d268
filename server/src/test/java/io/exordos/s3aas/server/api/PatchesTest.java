package io.exordos.s3aas.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The four patch formats kubectl and client libraries send, and how each refuses a bad patch. */
class PatchesTest {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static ObjectNode object(String text) {
    return (ObjectNode) json(text);
  }

  @Test
  void aMergePatchMergesObjectsRemovesNullsAndReplacesArrays() {
    ObjectNode target =
        object("{'metadata': {'labels': {'a': '1', 'b': '2'}}, 'spec': {'tags': ['x', 'y']}}");
    ObjectNode before = target.deepCopy();
    ObjectNode result =
        Patches.apply(
            Patches.Type.MERGE_PATCH,
            target,
            json(
                "{'metadata': {'labels': {'b': null, 'c': '3'}}, 'spec': {'tags': ['z']},"
                    + " 'status': {'phase': 'A'}}"));
    assertThat(result)
        .isEqualTo(
            json(
                "{'metadata': {'labels': {'a': '1', 'c': '3'}}, 'spec': {'tags': ['z']},"
                    + " 'status': {'phase': 'A'}}"));
    assertThat(target).as("the stored object is not changed in place").isEqualTo(before);
  }

  @Test
  void aMergePatchOfNullsOnlyNestedInANewObjectAddsAnEmptyObject() {
    ObjectNode result =
        Patches.mergePatch(object("{'spec': {}}"), json("{'status': {'gone': null}}"));
    assertThat(result).isEqualTo(json("{'spec': {}, 'status': {}}"));
  }

  @Test
  void aPatchOfTheWrongShapeIsA422() {
    assertThatThrownBy(() -> Patches.apply(Patches.Type.MERGE_PATCH, object("{}"), json("[1]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("a merge patch must be a JSON object");
    assertThatThrownBy(() -> Patches.apply(Patches.Type.JSON_PATCH, object("{}"), json("{}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("a JSON patch must be an array of operations");
    assertThatThrownBy(() -> Patches.apply(Patches.Type.APPLY_PATCH, object("{}"), json("'x'")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("an apply patch must be an object");
  }

  @Test
  void aJsonPatchAppliesInOrderAndAFailedTestRefusesAll() {
    ObjectNode target = object("{'spec': {'size': 1}}");
    assertThat(
            Patches.apply(
                Patches.Type.JSON_PATCH,
                target,
                json(
                    "[{'op': 'test', 'path': '/spec/size', 'value': 1},"
                        + " {'op': 'replace', 'path': '/spec/size', 'value': 2},"
                        + " {'op': 'add', 'path': '/spec/mode', 'value': 'a'}]")))
        .isEqualTo(json("{'spec': {'size': 2, 'mode': 'a'}}"));
    assertThatThrownBy(
            () ->
                Patches.apply(
                    Patches.Type.JSON_PATCH,
                    target,
                    json(
                        "[{'op': 'replace', 'path': '/spec/size', 'value': 5},"
                            + " {'op': 'test', 'path': '/spec/size', 'value': 9}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessageStartingWith("the JSON patch could not be applied: ");
    assertThat(target).isEqualTo(json("{'spec': {'size': 1}}"));
  }

  @Test
  void aJsonPatchMayNotReplaceTheObjectWithAnythingElse() {
    assertThatThrownBy(
            () ->
                Patches.apply(
                    Patches.Type.JSON_PATCH,
                    object("{'spec': {}}"),
                    json("[{'op': 'replace', 'path': '', 'value': [1]}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("the JSON patch replaced the object with a non-object");
  }

  @Test
  void aStrategicMergePatchDropsItsDirectivesAtAnyDepth() {
    assertThat(
            Patches.apply(
                Patches.Type.STRATEGIC_MERGE_PATCH,
                object("{'metadata': {'labels': {'a': '1'}}}"),
                json(
                    "{'$setElementOrder/x': [], 'metadata': {'$retainKeys': ['labels'],"
                        + " 'labels': {'b': '2'}}}")))
        .isEqualTo(json("{'metadata': {'labels': {'a': '1', 'b': '2'}}}"));
  }

  @Test
  void anApplyMergesFinalizersAsASetKeepingTheirOrder() {
    assertThat(
            Patches.apply(
                Patches.Type.APPLY_PATCH,
                object("{'metadata': {'finalizers': ['a', 'b']}, 'spec': {'size': 1}}"),
                json("{'metadata': {'finalizers': ['b', 'c']}, 'spec': {'size': 2}}")))
        .isEqualTo(json("{'metadata': {'finalizers': ['a', 'b', 'c']}, 'spec': {'size': 2}}"));
  }

  @Test
  void theFormatComesFromTheContentTypeWithoutItsParameters() {
    assertThat(Patches.Type.fromContentType("application/merge-patch+json; charset=utf-8"))
        .isEqualTo(Patches.Type.MERGE_PATCH);
    assertThat(Patches.Type.fromContentType(" application/apply-patch+yaml"))
        .isEqualTo(Patches.Type.APPLY_PATCH);
    assertThatThrownBy(() -> Patches.Type.fromContentType("application/json"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    assertThatThrownBy(() -> Patches.Type.fromContentType(null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
  }
}
