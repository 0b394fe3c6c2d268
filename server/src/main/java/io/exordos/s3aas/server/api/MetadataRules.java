package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.validation.Cause;
import io.exordos.s3aas.server.validation.SchemaValidator;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checks kube-apiserver makes on {@code metadata} of every kind (its ObjectMeta validation):
 * each field has its type, labels and annotations are maps of strings with qualified-name keys,
 * finalizers are qualified names, owner references are complete. An object that passes can be read
 * by every client library, which is what keeps one tenant's odd object from stopping the operator
 * for all of them.
 *
 * <p>Fields ObjectMeta does not declare are pruned and reported like any other unknown field.
 */
final class MetadataRules {
  /** kube-apiserver's limit on the total size of an object's annotations (keys and values). */
  static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

  private static final int LABEL_VALUE_MAX = 63;
  private static final Pattern NAME_PART =
      Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
  private static final Pattern REVISION = Pattern.compile("^[0-9]{1,18}$");

  private static final Set<String> STRINGS =
      Set.of("name", "generateName", "namespace", "uid", "resourceVersion", "selfLink");
  private static final Set<String> INTEGERS = Set.of("generation", "deletionGracePeriodSeconds");
  private static final Set<String> TIMESTAMPS = Set.of("creationTimestamp", "deletionTimestamp");
  private static final Set<String> OTHERS =
      Set.of("labels", "annotations", "finalizers", "ownerReferences", "managedFields");

  /** What the check found: violations, and the undeclared fields it removed. */
  record Result(List<Cause> errors, List<String> unknownFields) {}

  private final List<Cause> errors = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();

  private MetadataRules() {}

  /**
   * Checks (and prunes) {@code object.metadata} as a client sent it.
   *
   * @param create whether this is a create: then a resourceVersion must be empty or a revision
   */
  static Result check(ObjectNode object, boolean create) {
    MetadataRules r = new MetadataRules();
    JsonNode meta = object.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        r.typeError("metadata", meta, "object");
      } else {
        r.checkMeta((ObjectNode) meta, create);
      }
    }
    return new Result(List.copyOf(r.errors), List.copyOf(r.unknown));
  }

  private void checkMeta(ObjectNode meta, boolean create) {
    Iterator<Map.Entry<String, JsonNode>> fields = meta.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String field = e.getKey();
      JsonNode value = e.getValue();
      String path = "metadata." + field;
      if (value.isNull()) {
        fields.remove(); // as for any field: null means absent
      } else if (STRINGS.contains(field)) {
        if (!value.isTextual()) {
          typeError(path, value, "string");
        }
      } else if (INTEGERS.contains(field)) {
        if (!value.isIntegralNumber()) {
          typeError(path, value, "integer");
        }
      } else if (TIMESTAMPS.contains(field)) {
        checkTimestamp(path, value);
      } else if (!OTHERS.contains(field)) {
        unknown.add(path);
        fields.remove();
      }
    }
    JsonNode generateName = meta.path("generateName");
    if (generateName.isTextual() && !generateName.asText().isEmpty()) {
      // As kube-apiserver: the prefix is checked as a name, without the dash it usually ends in.
      String prefix = generateName.asText();
      String trimmed = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
      String problem = ObjectMeta.nameProblem(trimmed, false);
      if (problem != null) {
        errors.add(invalid("metadata.generateName", generateName, problem));
      }
    }
    JsonNode rv = meta.path("resourceVersion");
    if (create
        && rv.isTextual()
        && !rv.asText().isEmpty()
        && !REVISION.matcher(rv.asText()).matches()) {
      errors.add(
          invalid(
              "metadata.resourceVersion",
              rv,
              "must be empty or a resource version (a revision number)"));
    }
    checkLabels(meta.path("labels"));
    checkAnnotations(meta.path("annotations"));
    checkFinalizers(meta.path("finalizers"));
    checkOwnerReferences(meta.path("ownerReferences"));
    JsonNode managed = meta.path("managedFields");
    if (!managed.isMissingNode() && !managed.isArray()) {
      typeError("metadata.managedFields", managed, "array");
    }
  }

  private void checkTimestamp(String path, JsonNode value) {
    if (!value.isTextual()) {
      typeError(path, value, "string");
      return;
    }
    try {
      OffsetDateTime.parse(value.asText());
    } catch (DateTimeParseException e) {
      errors.add(invalid(path, value, "must be an RFC 3339 date-time (e.g. 2006-01-02T15:04:05Z)"));
    }
  }

  private void checkLabels(JsonNode labels) {
    if (labels.isMissingNode()) {
      return;
    }
    if (!labels.isObject()) {
      typeError("metadata.labels", labels, "object");
      return;
    }
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      String path = "metadata.labels";
      String keyProblem = qualifiedNameProblem(e.getKey());
      if (keyProblem != null) {
        errors.add(
            new Cause(
                path,
                "FieldValueInvalid",
                "Invalid value: " + quote(e.getKey()) + ": " + keyProblem));
      }
      JsonNode value = e.getValue();
      if (!value.isTextual()) {
        typeError(path + "." + e.getKey(), value, "string");
      } else if (value.asText().length() > LABEL_VALUE_MAX) {
        errors.add(invalid(path, value, "must be no more than " + LABEL_VALUE_MAX + " characters"));
      } else if (!LABEL_VALUE.matcher(value.asText()).matches()) {
        errors.add(
            invalid(
                path,
                value,
                "a valid label must be an empty string or consist of alphanumeric characters, '-',"
                    + " '_' or '.', and must start and end with an alphanumeric character"));
      }
    }
  }

  private void checkAnnotations(JsonNode annotations) {
    if (annotations.isMissingNode()) {
      return;
    }
    if (!annotations.isObject()) {
      typeError("metadata.annotations", annotations, "object");
      return;
    }
    long size = 0;
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      String keyProblem = qualifiedNameProblem(e.getKey().toLowerCase(Locale.ROOT));
      if (keyProblem != null) {
        // Never echo the value: annotations may hold anything, even on a Secret.
        errors.add(
            new Cause(
                "metadata.annotations",
                "FieldValueInvalid",
                "Invalid value: " + quote(e.getKey()) + ": " + keyProblem));
      }
      if (!e.getValue().isTextual()) {
        typeError("metadata.annotations." + e.getKey(), e.getValue(), "string");
      } else {
        size +=
            e.getKey().getBytes(StandardCharsets.UTF_8).length
                + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (size > ANNOTATIONS_MAX_BYTES) {
      errors.add(
          new Cause(
              "metadata.annotations",
              "FieldValueTooLong",
              "Too long: must have at most " + ANNOTATIONS_MAX_BYTES + " bytes"));
    }
  }

  private void checkFinalizers(JsonNode finalizers) {
    if (finalizers.isMissingNode()) {
      return;
    }
    if (!finalizers.isArray()) {
      typeError("metadata.finalizers", finalizers, "array");
      return;
    }
    for (int i = 0; i < finalizers.size(); i++) {
      JsonNode f = finalizers.get(i);
      String path = "metadata.finalizers[" + i + "]";
      if (!f.isTextual()) {
        typeError(path, f, "string");
        continue;
      }
      String problem = qualifiedNameProblem(f.asText());
      if (problem != null) {
        errors.add(invalid(path, f, problem));
      }
    }
  }

  private void checkOwnerReferences(JsonNode refs) {
    if (refs.isMissingNode()) {
      return;
    }
    if (!refs.isArray()) {
      typeError("metadata.ownerReferences", refs, "array");
      return;
    }
    int controllers = 0;
    for (int i = 0; i < refs.size(); i++) {
      JsonNode ref = refs.get(i);
      String path = "metadata.ownerReferences[" + i + "]";
      if (!ref.isObject()) {
        typeError(path, ref, "object");
        continue;
      }
      for (String required : List.of("apiVersion", "kind", "name", "uid")) {
        JsonNode v = ref.path(required);
        if (!v.isMissingNode() && !v.isTextual()) {
          typeError(path + "." + required, v, "string");
        } else if (v.asText("").isEmpty()) {
          errors.add(
              new Cause(
                  path + "." + required,
                  "FieldValueInvalid",
                  "Invalid value: \"\": " + required + " must not be empty"));
        }
      }
      for (String flag : List.of("controller", "blockOwnerDeletion")) {
        JsonNode v = ref.path(flag);
        if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
          typeError(path + "." + flag, v, "boolean");
        }
      }
      if (ref.path("controller").asBoolean(false)) {
        controllers++;
      }
    }
    if (controllers > 1) {
      errors.add(
          new Cause(
              "metadata.ownerReferences",
              "FieldValueInvalid",
              "Invalid value: only one reference can have Controller set to true, found "
                  + controllers));
    }
  }

  /** Why {@code name} is not a Kubernetes qualified name ([prefix/]name), or null if it is. */
  static @Nullable String qualifiedNameProblem(String name) {
    String[] parts = name.split("/", -1);
    String namePart;
    if (parts.length == 1) {
      namePart = parts[0];
    } else if (parts.length == 2) {
      if (parts[0].isEmpty()) {
        return "prefix part must be non-empty";
      }
      String prefixProblem = ObjectMeta.nameProblem(parts[0], false);
      if (prefixProblem != null) {
        return "prefix part " + prefixProblem;
      }
      namePart = parts[1];
    } else {
      return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must"
          + " start and end with an alphanumeric character, with an optional DNS subdomain prefix"
          + " and '/' (e.g. 'example.com/MyName')";
    }
    if (namePart.isEmpty()) {
      return "name part must be non-empty";
    }
    if (namePart.length() > 63) {
      return "name part must be no more than 63 characters";
    }
    if (!NAME_PART.matcher(namePart).matches()) {
      return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start"
          + " and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')";
    }
    return null;
  }

  private static String quote(String s) {
    String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Cause invalid(String path, JsonNode value, String problem) {
    String shown = value.isTextual() ? quote(value.asText()) : value.toString();
    return new Cause(path, "FieldValueInvalid", "Invalid value: " + shown + ": " + problem);
  }

  private void typeError(String path, JsonNode value, String expected) {
    errors.add(SchemaValidator.typeMismatch(path, value, expected));
  }
}
