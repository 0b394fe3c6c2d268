package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A policy statement's {@code Condition} block, evaluated as RustFS does: the request's headers are
 * condition keys by their lower-case names ({@code s3:x-amz-acl} reads the {@code x-amz-acl}
 * header), {@code s3:ExistingObjectTag/<key>} reads the stored object's tag. Operators: the {@code
 * String*} family (with {@code IgnoreCase}, {@code Like} and their negations; a negated operator
 * matches a missing key), {@code Null} and {@code Bool}; every operator of a block must match. An
 * operator the emulator does not know (IP, date and number comparisons) never matches, so the
 * statement does not apply.
 */
final class Conditions {
  private final Map<String, List<String>> values;

  private Conditions(Map<String, List<String>> values) {
    this.values = values;
  }

  /** No request values at all: only {@code Null} and negated operators can match. */
  static final Conditions NONE = new Conditions(Map.of());

  /** The condition values of a request: its headers and the existing object's tags. */
  static Conditions of(Map<String, List<String>> headers, Map<String, String> existingTags) {
    Map<String, List<String>> values = new HashMap<>();
    headers.forEach((name, v) -> values.put(name.toLowerCase(Locale.ROOT), v));
    existingTags.forEach((k, v) -> values.put("ExistingObjectTag/" + k, List.of(v)));
    return new Conditions(values);
  }

  /** Whether the statement's Condition block (absent: always) holds for this request. */
  boolean satisfies(JsonNode statement) {
    JsonNode block = statement.get("Condition");
    if (block == null || block.isNull()) {
      return true;
    }
    for (Map.Entry<String, JsonNode> operator : block.properties()) {
      for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
        List<String> wanted = Policies.strings(key.getValue());
        if (!holds(operator.getKey(), lookup(key.getKey()), wanted)) {
          return false;
        }
      }
    }
    return true;
  }

  private List<String> lookup(String conditionKey) {
    int colon = conditionKey.indexOf(':');
    String name = colon < 0 ? conditionKey : conditionKey.substring(colon + 1);
    List<String> found = values.get(name);
    if (found == null) {
      found = values.get(name.toLowerCase(Locale.ROOT));
    }
    return found == null ? List.of() : found;
  }

  private static boolean holds(String operator, List<String> actual, List<String> wanted) {
    return switch (operator) {
      case "StringEquals" -> anyMatch(actual, wanted, false, false);
      case "StringNotEquals" -> !anyMatch(actual, wanted, false, false);
      case "StringEqualsIgnoreCase" -> anyMatch(actual, wanted, true, false);
      case "StringNotEqualsIgnoreCase" -> !anyMatch(actual, wanted, true, false);
      case "StringLike" -> anyMatch(actual, wanted, false, true);
      case "StringNotLike" -> !anyMatch(actual, wanted, false, true);
      case "Null" -> wanted.stream().anyMatch(w -> Boolean.parseBoolean(w) == actual.isEmpty());
      case "Bool" -> anyMatch(actual, wanted, true, false);
      default -> false;
    };
  }

  private static boolean anyMatch(
      List<String> actual, List<String> wanted, boolean ignoreCase, boolean like) {
    for (String a : actual) {
      for (String w : wanted) {
        String value = ignoreCase ? a.toLowerCase(Locale.ROOT) : a;
        String pattern = ignoreCase ? w.toLowerCase(Locale.ROOT) : w;
        if (like ? Policies.glob(pattern, value) : pattern.equals(value)) {
          return true;
        }
      }
    }
    return false;
  }
}
