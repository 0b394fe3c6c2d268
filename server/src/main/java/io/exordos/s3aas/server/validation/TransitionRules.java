package io.exordos.s3aas.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CEL transition rules of the CRDs ({@code x-kubernetes-validations}) that compare an update
 * with the stored object. The server understands exactly two forms, which is all the model uses:
 * {@code self == oldSelf} (immutable) and {@code self >= oldSelf} (may only grow). Any other rule
 * makes {@link #requireSupported} fail at start-up, so a new rule can never be silently ignored.
 *
 * <p>Stricter than Kubernetes on one point: adding or removing an immutable field is a change too
 * (Kubernetes skips a transition rule when the old value is absent).
 */
public final class TransitionRules {
  private static final String IMMUTABLE = "self == oldSelf";
  private static final String GROW_ONLY = "self >= oldSelf";

  private TransitionRules() {}

  public static void requireSupported(JsonNode schema, String where) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String r = rule.path("rule").asText();
      if (!r.equals(IMMUTABLE) && !r.equals(GROW_ONLY)) {
        throw new IllegalStateException("unsupported validation rule '" + r + "' at " + where);
      }
    }
    schema
        .path("properties")
        .properties()
        .iterator()
        .forEachRemaining(p -> requireSupported(p.getValue(), where + "." + p.getKey()));
    if (schema.has("items")) {
      requireSupported(schema.get("items"), where + "[]");
    }
  }

  public static List<Cause> check(JsonNode schema, JsonNode oldObject, JsonNode newObject) {
    List<Cause> causes = new ArrayList<>();
    walk(schema, oldObject, newObject, "", causes);
    return causes;
  }

  private static void walk(
      JsonNode schema, JsonNode oldValue, JsonNode newValue, String path, List<Cause> causes) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String r = rule.path("rule").asText();
      String message = rule.path("message").asText(r);
      if (r.equals(IMMUTABLE) && !oldValue.equals(newValue)) {
        causes.add(
            new Cause(
                path, "FieldValueInvalid", "Invalid value: " + shown(newValue) + ": " + message));
      } else if (r.equals(GROW_ONLY)
          && oldValue.isNumber()
          && newValue.isNumber()
          && newValue.asDouble() < oldValue.asDouble()) {
        causes.add(
            new Cause(path, "FieldValueInvalid", "Invalid value: " + newValue + ": " + message));
      }
    }
    if (path.isEmpty() || oldValue.isObject() || newValue.isObject()) {
      for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
        if (path.isEmpty() && p.getKey().equals("status")) {
          continue;
        }
        String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
        walk(p.getValue(), oldValue.path(p.getKey()), newValue.path(p.getKey()), child, causes);
      }
    }
  }

  private static String shown(JsonNode value) {
    return value instanceof MissingNode ? "null" : value.toString();
  }
}
