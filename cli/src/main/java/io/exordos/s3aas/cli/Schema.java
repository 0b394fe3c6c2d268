package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Client-side validation against the CRD schemas bundled in the jar (read only when needed): used
 * by {@code apply --dry-run=client}, and to turn an "unknown field" into "did you mean".
 */
final class Schema {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> METADATA =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "labels",
          "annotations",
          "finalizers",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "ownerReferences",
          "managedFields",
          "selfLink");

  private Schema() {}

  /** The openAPIV3Schema of an s3aas kind, or a missing node for other kinds. */
  static JsonNode of(CliKinds.Kind kind) {
    if (!kind.isS3aas()) {
      return MissingNode.getInstance();
    }
    String resource = "/crds/" + kind.plural() + "." + kind.group() + "-v1.yml";
    try (InputStream in = Schema.class.getResourceAsStream(resource)) {
      if (in == null) {
        return MissingNode.getInstance();
      }
      JsonNode crd =
          Json.readYaml(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (kind.version().equals(v.path("name").asText())) {
          return v.path("schema").path("openAPIV3Schema");
        }
      }
    } catch (IOException e) {
      throw new CliException("cannot read the bundled schema " + resource + ": " + e.getMessage());
    }
    return MissingNode.getInstance();
  }

  static List<Api.Cause> validate(CliKinds.Kind kind, JsonNode object) {
    List<Api.Cause> causes = new ArrayList<>();
    JsonNode schema = of(kind);
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP.contains(f)
          && !(kind.equals(CliKinds.SECRET)
              && Set.of("data", "stringData", "type", "immutable").contains(f))) {
        causes.add(unknown(f, Suggest.closest(f, TOP)));
      }
    }
    for (Iterator<String> it = object.path("metadata").fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!METADATA.contains(f)) {
        causes.add(unknown("metadata." + f, prefix("metadata.", Suggest.closest(f, METADATA))));
      }
    }
    if (!schema.isMissingNode()) {
      for (String part : List.of("spec", "status")) {
        if (object.has(part)) {
          check(schema.path("properties").path(part), object.get(part), part, causes);
        }
      }
      for (JsonNode r : schema.path("required")) {
        if (!object.has(r.asText())) {
          causes.add(new Api.Cause(r.asText(), "FieldValueRequired", "Required value"));
        }
      }
    }
    return causes;
  }

  private static @Nullable String prefix(String p, @Nullable String s) {
    return s == null ? null : p + s;
  }

  private static Api.Cause unknown(String path, @Nullable String suggestion) {
    return new Api.Cause(
        path,
        "FieldValueInvalid",
        "unknown field \""
            + path
            + "\""
            + (suggestion != null ? ", did you mean \"" + suggestion + "\"?" : ""));
  }

  /**
   * "did you mean" for an unknown field path such as {@code spec.bukcetName}; null if nothing is
   * close.
   */
  static @Nullable String suggestField(CliKinds.Kind kind, @Nullable String path) {
    JsonNode schema = of(kind);
    if (schema.isMissingNode() || path == null) {
      return null;
    }
    String[] parts = path.replaceAll("\\[\\d+]", "").split("\\.", -1);
    if (parts.length == 2 && parts[0].equals("metadata")) {
      return prefix("metadata.", Suggest.closest(parts[1], METADATA));
    }
    JsonNode s = schema;
    StringBuilder known = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      s = s.path("properties").path(parts[i]);
      if (s.path("type").asText().equals("array")) {
        s = s.path("items");
      }
      known.append(parts[i]).append('.');
    }
    List<String> siblings = new ArrayList<>();
    s.path("properties").fieldNames().forEachRemaining(siblings::add);
    String best = Suggest.closest(parts[parts.length - 1], siblings);
    return best == null ? null : known + best;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<Api.Cause> causes) {
    if (schema.isMissingNode() || value == null || value.isNull()) {
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          causes.add(typeError(path, value, "object"));
          return;
        }
        JsonNode props = schema.path("properties");
        boolean open =
            schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                || schema.has("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String child = path + "." + e.getKey();
          if (props.has(e.getKey())) {
            check(props.get(e.getKey()), e.getValue(), child, causes);
          } else if (schema.has("additionalProperties")) {
            check(schema.path("additionalProperties"), e.getValue(), child, causes);
          } else if (!open) {
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            causes.add(unknown(child, prefix(path + ".", Suggest.closest(e.getKey(), names))));
          }
        }
        for (JsonNode r : schema.path("required")) {
          if (!value.has(r.asText())) {
            causes.add(
                new Api.Cause(path + "." + r.asText(), "FieldValueRequired", "Required value"));
          }
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          causes.add(typeError(path, value, "array"));
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]", causes);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          causes.add(typeError(path, value, "string"));
          return;
        }
        checkEnum(schema, value, path, causes);
        if (schema.has("pattern")
            && !Pattern.compile(schema.path("pattern").asText()).matcher(value.asText()).find()) {
          causes.add(
              new Api.Cause(
                  path,
                  "FieldValueInvalid",
                  "Invalid value: \""
                      + value.asText()
                      + "\": "
                      + path
                      + " in body should match '"
                      + schema.path("pattern").asText()
                      + "'"));
        }
        if (schema.has("maxLength") && value.asText().length() > schema.path("maxLength").asInt()) {
          causes.add(
              new Api.Cause(
                  path,
                  "FieldValueTooLong",
                  "Too long: may not be longer than " + schema.path("maxLength").asInt()));
        }
      }
      case "integer", "number" -> {
        if (!value.isNumber() || (type.equals("integer") && !value.isIntegralNumber())) {
          causes.add(typeError(path, value, type));
          return;
        }
        if (schema.has("minimum") && value.asDouble() < schema.path("minimum").asDouble()) {
          causes.add(
              new Api.Cause(
                  path,
                  "FieldValueInvalid",
                  "Invalid value: "
                      + value
                      + ": "
                      + path
                      + " in body should be greater than or equal to "
                      + num(schema.path("minimum"))));
        }
        if (schema.has("maximum") && value.asDouble() > schema.path("maximum").asDouble()) {
          causes.add(
              new Api.Cause(
                  path,
                  "FieldValueInvalid",
                  "Invalid value: "
                      + value
                      + ": "
                      + path
                      + " in body should be less than or equal to "
                      + num(schema.path("maximum"))));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          causes.add(typeError(path, value, "boolean"));
        }
      }
      default -> {}
    }
  }

  private static String num(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static void checkEnum(
      JsonNode schema, JsonNode value, String path, List<Api.Cause> causes) {
    if (!schema.has("enum")) {
      return;
    }
    List<String> allowed = new ArrayList<>();
    for (JsonNode e : schema.path("enum")) {
      if (e.asText().equals(value.asText())) {
        return;
      }
      allowed.add("\"" + e.asText() + "\"");
    }
    causes.add(
        new Api.Cause(
            path,
            "FieldValueNotSupported",
            "Unsupported value: \""
                + value.asText()
                + "\": supported values: "
                + String.join(", ", allowed)));
  }

  private static Api.Cause typeError(String path, JsonNode value, String expected) {
    String got =
        value.isTextual()
            ? "string"
            : value.isIntegralNumber()
                ? "integer"
                : value.isNumber()
                    ? "number"
                    : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
    return new Api.Cause(
        path,
        "FieldValueTypeInvalid",
        "Invalid value: \""
            + got
            + "\": "
            + path
            + " in body must be of type "
            + expected
            + ": \""
            + got
            + "\"");
  }
}
