package io.exordos.s3aas.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.testsupport.Json;
import org.junit.jupiter.api.Test;

/** The two CEL transition rules the CRDs use: immutable fields and fields that may only grow. */
class TransitionRulesTest {
  private static final JsonNode SCHEMA =
      Json.parse(
          "{'type': 'object', 'properties': {"
              + "'spec': {'type': 'object', 'properties': {"
              + "'bucketName': {'type': 'string', 'x-kubernetes-validations':"
              + " [{'rule': 'self == oldSelf', 'message': 'bucketName is immutable'}]},"
              + "'region': {'type': 'string', 'x-kubernetes-validations':"
              + " [{'rule': 'self == oldSelf'}]},"
              + "'size': {'type': 'integer', 'x-kubernetes-validations':"
              + " [{'rule': 'self >= oldSelf', 'message': 'size may only grow'}]}}},"
              + "'status': {'type': 'object', 'properties': {'phase': {'type': 'string',"
              + " 'x-kubernetes-validations': [{'rule': 'self == oldSelf'}]}}}}}");

  private static JsonNode spec(String spec) {
    return Json.parse("{'spec': " + spec + ", 'status': {'phase': 'A'}}");
  }

  @Test
  void anUnchangedObjectPasses() {
    JsonNode o = spec("{'bucketName': 'a', 'size': 2}");
    assertThat(TransitionRules.check(SCHEMA, o, o.deepCopy())).isEmpty();
  }

  @Test
  void aChangedImmutableFieldIsRefusedWithTheRulesMessage() {
    assertThat(
            TransitionRules.check(SCHEMA, spec("{'bucketName': 'a'}"), spec("{'bucketName': 'b'}")))
        .containsExactly(
            new Cause(
                "spec.bucketName",
                "FieldValueInvalid",
                "Invalid value: \"b\": bucketName is immutable"));
  }

  @Test
  void addingOrRemovingAnImmutableFieldIsAChangeToo() {
    assertThat(TransitionRules.check(SCHEMA, spec("{'bucketName': 'a'}"), spec("{}")))
        .extracting(Cause::message)
        .containsExactly("Invalid value: null: bucketName is immutable");
    assertThat(TransitionRules.check(SCHEMA, spec("{}"), spec("{'region': 'x'}")))
        .extracting(Cause::message)
        .containsExactly("Invalid value: \"x\": self == oldSelf");
  }

  @Test
  void aGrowOnlyFieldMayGrowOrAppearButNotShrink() {
    assertThat(TransitionRules.check(SCHEMA, spec("{'size': 2}"), spec("{'size': 3}"))).isEmpty();
    assertThat(TransitionRules.check(SCHEMA, spec("{}"), spec("{'size': 1}"))).isEmpty();
    assertThat(TransitionRules.check(SCHEMA, spec("{'size': 2}"), spec("{'size': 1}")))
        .containsExactly(
            new Cause("spec.size", "FieldValueInvalid", "Invalid value: 1: size may only grow"));
  }

  @Test
  void statusIsNotCheckedByTheObjectsRules() {
    JsonNode before = spec("{}");
    JsonNode after = Json.parse("{'spec': {}, 'status': {'phase': 'B'}}");
    assertThat(TransitionRules.check(SCHEMA, before, after)).isEmpty();
  }

  @Test
  void anyOtherRuleIsRefusedAtStartUpNamingWhereItIs() {
    TransitionRules.requireSupported(SCHEMA, "Bucket");
    JsonNode other =
        Json.parse(
            "{'properties': {'spec': {'properties': {'list': {'items':"
                + " {'x-kubernetes-validations': [{'rule': 'self.size() < 5'}]}}}}}}");
    assertThatThrownBy(() -> TransitionRules.requireSupported(other, "K"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unsupported validation rule 'self.size() < 5' at K.spec.list[]");
  }
}
