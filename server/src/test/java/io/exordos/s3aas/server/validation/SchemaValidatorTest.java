package io.exordos.s3aas.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.testsupport.Json;
import org.junit.jupiter.api.Test;

/**
 * The structural schema check every write of a custom kind goes through: what it keeps, drops and
 * defaults, and each refusal as kube-apiserver words it (kubectl users read these messages).
 */
class SchemaValidatorTest {
  private static final JsonNode SCHEMA =
      Json.parse(
          "{'type': 'object', 'properties': {'spec': {'type': 'object', 'required': ['size'],"
              + " 'properties': {"
              + "'size': {'type': 'integer', 'minimum': 1, 'maximum': 10},"
              + "'ratio': {'type': 'number'},"
              + "'mode': {'type': 'string', 'enum': ['a', 'b'], 'default': 'a'},"
              + "'name': {'type': 'string', 'pattern': '^[a-z]+$', 'maxLength': 5, 'minLength': 2},"
              + "'tags': {'type': 'array', 'items': {'type': 'string'}},"
              + "'extra': {'type': 'object', 'additionalProperties': {'type': 'string'}},"
              + "'free': {'type': 'object', 'x-kubernetes-preserve-unknown-fields': true},"
              + "'note': {'type': 'string', 'nullable': true},"
              + "'flag': {'type': 'boolean'}}}}}");

  private static ObjectNode object(String spec) {
    return (ObjectNode)
        Json.parse(
            "{'apiVersion': 'g/v1', 'kind': 'K', 'metadata': {'name': 'x', 'anything': 1},"
                + " 'spec': "
                + spec
                + "}");
  }

  @Test
  void defaultsAreAddedUndeclaredFieldsPrunedAndReportedTheEnvelopeLeftAlone() {
    ObjectNode o = object("{'size': 3, 'color': 'red'}");
    SchemaValidator.Result r = SchemaValidator.validate(SCHEMA, o);
    assertThat(r.errors()).isEmpty();
    assertThat(r.unknownFields()).containsExactly("spec.color");
    assertThat(o.at("/spec/mode").asText()).isEqualTo("a");
    assertThat(o.at("/spec").has("color")).isFalse();
    assertThat(o.at("/metadata/anything").asInt()).isEqualTo(1);
  }

  @Test
  void aNullIsDroppedUnlessTheFieldIsNullable() {
    ObjectNode o = object("{'size': 1, 'flag': null, 'note': null}");
    assertThat(SchemaValidator.validate(SCHEMA, o).errors()).isEmpty();
    assertThat(o.at("/spec").has("flag")).isFalse();
    assertThat(o.at("/spec").has("note")).isTrue();
    assertThat(o.at("/spec/note").isNull()).isTrue();
  }

  @Test
  void aMissingRequiredFieldIsNamedAndDefaultsStillApply() {
    ObjectNode o = object("{}");
    assertThat(SchemaValidator.validate(SCHEMA, o).errors())
        .containsExactly(new Cause("spec.size", "FieldValueRequired", "Required value"));
    assertThat(o.at("/spec/mode").asText()).isEqualTo("a");
  }

  @Test
  void aWrongTypeNamesBothTypes() {
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': '3'}")).errors())
        .containsExactly(
            new Cause(
                "spec.size",
                "FieldValueTypeInvalid",
                "Invalid value: \"string\": spec.size in body must be of type integer: \"string\""));
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 2.5}")).errors())
        .extracting(Cause::message)
        .containsExactly(
            "Invalid value: \"number\": spec.size in body must be of type integer: \"number\"");
    // an integer is a number
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 2, 'ratio': 1}")).errors())
        .isEmpty();
  }

  @Test
  void boundsAreInclusiveAndWordedAsKubernetesWordsThem() {
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 1}")).errors()).isEmpty();
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 10}")).errors()).isEmpty();
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 0}")).errors())
        .containsExactly(
            new Cause(
                "spec.size",
                "FieldValueInvalid",
                "Invalid value: 0: spec.size in body should be greater than or equal to 1"));
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 11}")).errors())
        .extracting(Cause::message)
        .containsExactly("Invalid value: 11: spec.size in body should be less than or equal to 10");
  }

  @Test
  void anEnumListsWhatItSupports() {
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 1, 'mode': 'c'}")).errors())
        .containsExactly(
            new Cause(
                "spec.mode",
                "FieldValueNotSupported",
                "Unsupported value: \"c\": supported values: \"a\", \"b\""));
  }

  @Test
  void everyStringRuleABadValueBreaksIsReported() {
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 1, 'name': 'ABCDEFG'}")).errors())
        .containsExactly(
            new Cause(
                "spec.name",
                "FieldValueInvalid",
                "Invalid value: \"ABCDEFG\": spec.name in body should match '^[a-z]+$'"),
            new Cause("spec.name", "FieldValueTooLong", "Too long: may not be longer than 5"));
    assertThat(SchemaValidator.validate(SCHEMA, object("{'size': 1, 'name': 'a'}")).errors())
        .extracting(Cause::message)
        .containsExactly("Invalid value: \"a\": spec.name in body should be at least 2 chars long");
  }

  @Test
  void arrayItemsAndAdditionalPropertiesAreCheckedAtTheirOwnPaths() {
    ObjectNode o = object("{'size': 1, 'tags': ['x', 1], 'extra': {'k': 'v', 'n': 2}}");
    assertThat(SchemaValidator.validate(SCHEMA, o).errors())
        .extracting(Cause::field)
        .containsExactly("spec.tags[1]", "spec.extra.n");
    assertThat(o.at("/spec/extra/k").asText()).isEqualTo("v");
  }

  @Test
  void preservedObjectsKeepWhatTheyHold() {
    ObjectNode o = object("{'size': 1, 'free': {'anything': {'deep': 1}}}");
    SchemaValidator.Result r = SchemaValidator.validate(SCHEMA, o);
    assertThat(r.errors()).isEmpty();
    assertThat(r.unknownFields()).isEmpty();
    assertThat(o.at("/spec/free/anything/deep").asInt()).isEqualTo(1);
  }
}
