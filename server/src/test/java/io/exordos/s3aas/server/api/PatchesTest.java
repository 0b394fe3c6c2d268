package io.exordos.s3aas.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.testsupport.Json;
import org.junit.jupiter.api.Test;

/** The four patch formats kubectl and client libraries send, and how each refuses a bad patch. */
class PatchesTest {
  @Test
  void aMergePatchMergesObjectsRemovesNullsAndReplacesArrays() {
    ObjectNode target =
        Json.object("{'metadata': {'labels': {'a': '1', 'b': '2'}}, 'spec': {'tags': ['x', 'y']}}");
    ObjectNode before = target.deepCopy();
    ObjectNode result =
        Patches.apply(
            Patches.Type.MERGE_PATCH,
            target,
            Json.parse(
                "{'metadata': {'labels': {'b': null, 'c': '3'}}, 'spec': {'tags': ['z']},"
                    + " 'status': {'phase': 'A'}}"));
    assertThat(result)
        .isEqualTo(
            Json.parse(
                "{'metadata': {'labels': {'a': '1', 'c': '3'}}, 'spec': {'tags': ['z']},"
                    + " 'status': {'phase': 'A'}}"));
    assertThat(target).as("the stored object is not changed in place").isEqualTo(before);
  }

  @Test
  void aMergePatchOfNullsOnlyNestedInANewObjectAddsAnEmptyObject() {
    ObjectNode result =
        Patches.mergePatch(Json.object("{'spec': {}}"), Json.parse("{'status': {'gone': null}}"));
    assertThat(result).isEqualTo(Json.parse("{'spec': {}, 'status': {}}"));
  }

  @Test
  void aPatchOfTheWrongShapeIsA422() {
    assertThatThrownBy(
            () -> Patches.apply(Patches.Type.MERGE_PATCH, Json.object("{}"), Json.parse("[1]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("a merge patch must be a JSON object");
    assertThatThrownBy(
            () -> Patches.apply(Patches.Type.JSON_PATCH, Json.object("{}"), Json.parse("{}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("a JSON patch must be an array of operations");
    assertThatThrownBy(
            () -> Patches.apply(Patches.Type.APPLY_PATCH, Json.object("{}"), Json.parse("'x'")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("an apply patch must be an object");
  }

  @Test
  void aJsonPatchAppliesInOrderAndAFailedTestRefusesAll() {
    ObjectNode target = Json.object("{'spec': {'size': 1}}");
    assertThat(
            Patches.apply(
                Patches.Type.JSON_PATCH,
                target,
                Json.parse(
                    "[{'op': 'test', 'path': '/spec/size', 'value': 1},"
                        + " {'op': 'replace', 'path': '/spec/size', 'value': 2},"
                        + " {'op': 'add', 'path': '/spec/mode', 'value': 'a'}]")))
        .isEqualTo(Json.parse("{'spec': {'size': 2, 'mode': 'a'}}"));
    assertThatThrownBy(
            () ->
                Patches.apply(
                    Patches.Type.JSON_PATCH,
                    target,
                    Json.parse(
                        "[{'op': 'replace', 'path': '/spec/size', 'value': 5},"
                            + " {'op': 'test', 'path': '/spec/size', 'value': 9}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessageStartingWith("the JSON patch could not be applied: ");
    assertThat(target).isEqualTo(Json.parse("{'spec': {'size': 1}}"));
  }

  @Test
  void aJsonPatchMayNotReplaceTheObjectWithAnythingElse() {
    assertThatThrownBy(
            () ->
                Patches.apply(
                    Patches.Type.JSON_PATCH,
                    Json.object("{'spec': {}}"),
                    Json.parse("[{'op': 'replace', 'path': '', 'value': [1]}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessage("the JSON patch replaced the object with a non-object");
  }

  @Test
  void aStrategicMergePatchDropsItsDirectivesAtAnyDepth() {
    assertThat(
            Patches.apply(
                Patches.Type.STRATEGIC_MERGE_PATCH,
                Json.object("{'metadata': {'labels': {'a': '1'}}}"),
                Json.parse(
                    "{'$setElementOrder/x': [], 'metadata': {'$retainKeys': ['labels'],"
                        + " 'labels': {'b': '2'}}}")))
        .isEqualTo(Json.parse("{'metadata': {'labels': {'a': '1', 'b': '2'}}}"));
  }

  @Test
  void anApplyMergesFinalizersAsASetKeepingTheirOrder() {
    assertThat(
            Patches.apply(
                Patches.Type.APPLY_PATCH,
                Json.object("{'metadata': {'finalizers': ['a', 'b']}, 'spec': {'size': 1}}"),
                Json.parse("{'metadata': {'finalizers': ['b', 'c']}, 'spec': {'size': 2}}")))
        .isEqualTo(
            Json.parse("{'metadata': {'finalizers': ['a', 'b', 'c']}, 'spec': {'size': 2}}"));
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
