package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The patch formats Kubernetes clients send, applied to a JSON object. */
public final class Patches {
  /** The patch content types, by what they mean. */
  public enum Type {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    APPLY_PATCH("application/apply-patch+yaml");

    private final String mediaType;

    Type(String mediaType) {
      this.mediaType = mediaType;
    }

    public static Type fromContentType(@Nullable String contentType) {
      String base = contentType == null ? "" : contentType.split(";", -1)[0].trim();
      for (Type t : values()) {
        if (t.mediaType.equals(base)) {
          return t;
        }
      }
      throw ApiException.unsupportedMediaType(base);
    }

    public String mediaType() {
      return mediaType;
    }
  }

  private Patches() {}

  public static ObjectNode apply(Type type, ObjectNode target, JsonNode patch) {
    return switch (type) {
      case JSON_PATCH -> jsonPatch(target, patch);
      case MERGE_PATCH -> mergePatch(target, patch);
      // Our kinds declare no list merge keys, so a strategic merge patch is a merge patch once
      // its $-directives are dropped.
      case STRATEGIC_MERGE_PATCH -> mergePatch(target, withoutDirectives(patch));
      case APPLY_PATCH -> apply(target, patch);
    };
  }

  private static ObjectNode jsonPatch(ObjectNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw new ApiException(422, "Invalid", "a JSON patch must be an array of operations");
    }
    try {
      JsonNode result = JsonPatch.apply(patch, target);
      if (!result.isObject()) {
        throw new ApiException(
            422, "Invalid", "the JSON patch replaced the object with a non-object");
      }
      return (ObjectNode) result;
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new ApiException(
          422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
    }
  }

  /** RFC 7386: objects merge recursively, null removes a key, anything else replaces. */
  public static ObjectNode mergePatch(ObjectNode target, JsonNode patch) {
    if (!patch.isObject()) {
      throw new ApiException(422, "Invalid", "a merge patch must be a JSON object");
    }
    ObjectNode result = target.deepCopy();
    mergeInto(result, (ObjectNode) patch);
    return result;
  }

  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject() && target.path(e.getKey()).isObject()) {
        mergeInto((ObjectNode) target.get(e.getKey()), (ObjectNode) value);
      } else if (value.isObject()) {
        ObjectNode fresh = target.objectNode();
        mergeInto(fresh, (ObjectNode) value);
        target.set(e.getKey(), fresh);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }

  /**
   * Server-side apply, simplified: the applied configuration is merged in (without field ownership
   * tracking), and finalizers are merged as a set, as their list type declares.
   */
  private static ObjectNode apply(ObjectNode target, JsonNode applied) {
    if (!applied.isObject()) {
      throw new ApiException(422, "Invalid", "an apply patch must be an object");
    }
    ObjectNode result = mergePatch(target, applied);
    JsonNode before = target.path("metadata").path("finalizers");
    JsonNode added = applied.path("metadata").path("finalizers");
    if (before.isArray() && added.isArray()) {
      Set<String> union = new LinkedHashSet<>();
      before.forEach(f -> union.add(f.asText()));
      added.forEach(f -> union.add(f.asText()));
      ArrayNode merged = result.withObject("metadata").putArray("finalizers");
      union.forEach(merged::add);
    }
    return result;
  }

  private static JsonNode withoutDirectives(JsonNode patch) {
    if (patch.isObject()) {
      ObjectNode copy = ((ObjectNode) patch).objectNode();
      patch
          .properties()
          .iterator()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("$")) {
                  copy.set(e.getKey(), withoutDirectives(e.getValue()));
                }
              });
      return copy;
    }
    return patch;
  }
}
