package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.validation.Cause;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What kube-apiserver does to core kinds on write: Secret data encoding and Namespace phase; and
 * the initial PENDING phase of the s3aas kinds.
 */
final class BuiltinRules {
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");

  private BuiltinRules() {}

  static void prepareCreate(ResourceType type, ObjectNode object) {
    if (isCore(type, "namespaces")) {
      object.withObject("status").put("phase", "Active");
    }
    if (type.group().equals(S3Instance.GROUP) && type.statusSubresource()) {
      // as a Namespace starts Active, an s3aas resource starts PENDING (the seed's first status):
      // kubectl get -w shows it from the first row, before any controller has looked at it
      object.withObject("status").put("phase", "PENDING");
    }
    prepareUpdate(type, object);
  }

  static void prepareUpdate(ResourceType type, ObjectNode object) {
    if (isCore(type, "secrets")) {
      if (!object.has("type")) {
        object.put("type", "Opaque");
      }
      JsonNode stringData = object.remove("stringData");
      if (stringData != null && stringData.isObject()) {
        ObjectNode data = object.withObject("data");
        stringData
            .properties()
            .iterator()
            .forEachRemaining(
                e ->
                    data.put(
                        e.getKey(),
                        Base64.getEncoder()
                            .encodeToString(
                                e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
      }
    }
  }

  static List<Cause> check(ResourceType type, ObjectNode object) {
    List<Cause> causes = new ArrayList<>();
    JsonNode labels = object.path("metadata").path("labels");
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      if (!e.getValue().isTextual()) {
        causes.add(
            new Cause(
                "metadata.labels",
                "FieldValueInvalid",
                "Invalid value: " + e.getValue() + ": label values must be strings"));
      }
    }
    if (isCore(type, "secrets")) {
      JsonNode data = object.path("data");
      if (!data.isMissingNode() && !data.isObject()) {
        causes.add(
            new Cause(
                "data",
                "FieldValueTypeInvalid",
                "Invalid value: data must be a map of base64 strings"));
      }
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        if (!SECRET_KEY.matcher(e.getKey()).matches()) {
          causes.add(
              new Cause(
                  "data[" + e.getKey() + "]",
                  "FieldValueInvalid",
                  "Invalid value: \""
                      + e.getKey()
                      + "\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
        }
        if (!e.getValue().isTextual() || !isBase64(e.getValue().asText())) {
          // Never echo the value: it is secret material.
          causes.add(
              new Cause(
                  "data[" + e.getKey() + "]",
                  "FieldValueInvalid",
                  "Invalid value: illegal base64 data"));
        }
      }
    }
    return causes;
  }

  private static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isCore(ResourceType type, String plural) {
    return type.group().isEmpty() && type.plural().equals(plural);
  }
}
