package io.exordos.s3aas.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an object against a CRD's structural OpenAPI schema the way kube-apiserver does: it
 * applies defaults, drops nulls, prunes fields the schema does not declare (reporting them, so
 * strict field validation can refuse them), and reports every violation with the field path and the
 * wording kubectl users know.
 *
 * <p>Hand-written on purpose: JSON Schema libraries implement neither defaulting nor pruning nor
 * the {@code x-kubernetes-*} extensions, and their messages differ from Kubernetes'.
 */
public final class SchemaValidator {
  /** Compiled schema patterns; the CRDs hold a handful, so this never grows past them. */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, Pattern::compile);
  }

  /** What a validation found: violations and the paths of undeclared fields it removed. */
  public record Result(List<Cause> errors, List<String> unknownFields) {}

  private final List<Cause> errors = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();

  private SchemaValidator() {}

  /** Validates {@code object} in place (defaults added, unknown fields removed). */
  public static Result validate(JsonNode schema, ObjectNode object) {
    SchemaValidator v = new SchemaValidator();
    v.walkObject(schema, object, "", true);
    return new Result(List.copyOf(v.errors), List.copyOf(v.unknown));
  }

  private void walk(JsonNode schema, JsonNode node, String path) {
    String type = schema.path("type").asText("");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (type.isEmpty() && preserve) {
      return;
    }
    if (node.isNull() && schema.path("nullable").asBoolean(false)) {
      return; // kept as sent: null is a value of a nullable field whatever its type
    }
    switch (type) {
      case "object" -> {
        if (!node.isObject()) {
          typeError(path, node, "object");
        } else {
          walkObject(schema, (ObjectNode) node, path, false);
        }
      }
      case "array" -> {
        if (!node.isArray()) {
          typeError(path, node, "array");
        } else {
          ArrayNode array = (ArrayNode) node;
          for (int i = 0; i < array.size(); i++) {
            walk(schema.path("items"), array.get(i), path + "[" + i + "]");
          }
        }
      }
      case "string" -> checkString(schema, node, path);
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          typeError(path, node, "integer");
        } else {
          checkNumber(schema, node, path);
        }
      }
      case "number" -> {
        if (!node.isNumber()) {
          typeError(path, node, "number");
        } else {
          checkNumber(schema, node, path);
        }
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          typeError(path, node, "boolean");
        }
      }
      default -> {
        // an untyped schema without preserve-unknown-fields accepts any value
      }
    }
  }

  private void walkObject(JsonNode schema, ObjectNode object, String path, boolean root) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode childSchema = properties.get(e.getKey());
      if (e.getValue().isNull()
          && !(childSchema != null && childSchema.path("nullable").asBoolean())) {
        fields.remove();
      } else if (childSchema != null) {
        if (!(root && isEnvelope(e.getKey()))) {
          walk(childSchema, e.getValue(), childPath);
        }
      } else if (additional.isObject()) {
        walk(additional, e.getValue(), childPath);
      } else if (!preserve && !(root && isEnvelope(e.getKey()))) {
        unknown.add(childPath);
        fields.remove();
      }
    }
    properties
        .properties()
        .iterator()
        .forEachRemaining(
            p -> {
              if (!object.has(p.getKey()) && p.getValue().has("default")) {
                object.set(p.getKey(), p.getValue().get("default").deepCopy());
              }
            });
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText())) {
        String childPath = path.isEmpty() ? required.asText() : path + "." + required.asText();
        errors.add(new Cause(childPath, "FieldValueRequired", "Required value"));
      }
    }
  }

  private static boolean isEnvelope(String field) {
    return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata");
  }

  private void checkString(JsonNode schema, JsonNode node, String path) {
    if (!node.isTextual()) {
      typeError(path, node, "string");
      return;
    }
    String value = node.asText();
    JsonNode allowed = schema.path("enum");
    if (allowed.isArray() && allowed.size() > 0) {
      List<String> values = new ArrayList<>();
      allowed.forEach(a -> values.add(a.asText()));
      if (!values.contains(value)) {
        errors.add(
            new Cause(
                path,
                "FieldValueNotSupported",
                "Unsupported value: "
                    + node
                    + ": supported values: "
                    + values.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "))));
      }
      return;
    }
    if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(value).find()) {
      errors.add(invalid(path, node, "should match '" + schema.get("pattern").asText() + "'"));
    }
    if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
      errors.add(
          new Cause(
              path,
              "FieldValueTooLong",
              "Too long: may not be longer than " + schema.get("maxLength").asInt()));
    }
    if (schema.has("minLength") && value.length() < schema.get("minLength").asInt()) {
      errors.add(
          invalid(
              path, node, "should be at least " + schema.get("minLength").asInt() + " chars long"));
    }
  }

  private void checkNumber(JsonNode schema, JsonNode node, String path) {
    double value = node.asDouble();
    if (schema.has("minimum") && value < schema.get("minimum").asDouble()) {
      errors.add(
          invalid(
              path, node, "should be greater than or equal to " + number(schema.get("minimum"))));
    }
    if (schema.has("maximum") && value > schema.get("maximum").asDouble()) {
      errors.add(
          invalid(path, node, "should be less than or equal to " + number(schema.get("maximum"))));
    }
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static Cause invalid(String path, JsonNode value, String rule) {
    return new Cause(
        path, "FieldValueInvalid", "Invalid value: " + value + ": " + path + " in body " + rule);
  }

  private void typeError(String path, JsonNode value, String expected) {
    errors.add(typeMismatch(path, value, expected));
  }

  /** A value of the wrong JSON type, worded as kube-apiserver words it. */
  public static Cause typeMismatch(String path, JsonNode value, String expected) {
    String actual =
        value.isTextual()
            ? "string"
            : value.isIntegralNumber()
                ? "integer"
                : value.isNumber()
                    ? "number"
                    : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
    return new Cause(
        path,
        "FieldValueTypeInvalid",
        "Invalid value: \""
            + actual
            + "\": "
            + path
            + " in body must be of type "
            + expected
            + ": \""
            + actual
            + "\"");
  }
}
