package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy document of a form upload: its expiration, and conditions every form field must meet
 * ({@code {"field": "value"}}, {@code ["eq"|"starts-with", "$field", "value"]}, {@code
 * ["content-length-range", min, max]}). Fields no condition names are refused.
 */
final class PostPolicy {
  /** Fields that are never named in a policy's conditions. */
  private static final Set<String> EXEMPT =
      Set.of(
          "policy",
          "signature",
          "awsaccesskeyid",
          "x-amz-signature",
          "x-amz-credential",
          "x-amz-algorithm",
          "x-amz-date",
          "file");

  private PostPolicy() {}

  static void check(String policyBase64, Map<String, String> fields, long size, Instant now) {
    JsonNode doc;
    try {
      doc = Policies.JSON.readTree(Base64.getDecoder().decode(policyBase64.trim()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw invalidPolicy("Invalid Policy: Invalid JSON.");
    }
    if (!doc.isObject() || !doc.has("expiration")) {
      throw invalidPolicy("Invalid Policy: Policy missing expiration.");
    }
    if (expiration(doc.get("expiration").asText()).isBefore(now)) {
      throw S3Exception.accessDenied("Invalid according to Policy: Policy expired.");
    }
    JsonNode conditions = doc.get("conditions");
    if (conditions == null || !conditions.isArray()) {
      throw invalidPolicy("Invalid Policy: Policy missing conditions.");
    }
    Set<String> covered = new HashSet<>();
    for (JsonNode c : conditions) {
      if (c.isObject()) {
        if (c.size() != 1) {
          throw invalidPolicy("Invalid Policy: Invalid Simple-Condition.");
        }
        Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator();
        Map.Entry<String, JsonNode> e = it.next();
        String field = e.getKey().toLowerCase(Locale.ROOT);
        covered.add(field);
        if (!e.getValue().asText().equals(fields.get(field))) {
          throw failed(field);
        }
      } else if (c.isArray() && c.size() == 3) {
        String op = c.get(0).asText().toLowerCase(Locale.ROOT);
        if (op.equals("content-length-range")) {
          long min = number(c.get(1));
          long max = number(c.get(2));
          if (size > max) {
            throw new S3Exception(
                400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
          }
          if (size < min) {
            throw new S3Exception(
                400,
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size");
          }
          continue;
        }
        String name = c.get(1).asText();
        if (!name.startsWith("$") || (!op.equals("eq") && !op.equals("starts-with"))) {
          throw invalidPolicy("Invalid Policy: Invalid condition " + op);
        }
        String field = name.substring(1).toLowerCase(Locale.ROOT);
        covered.add(field);
        String value = fields.getOrDefault(field, "");
        String expected = c.get(2).asText();
        boolean ok = op.equals("eq") ? value.equals(expected) : value.startsWith(expected);
        if (!ok) {
          throw failed(field);
        }
      } else {
        throw invalidPolicy("Invalid Policy: Invalid condition.");
      }
    }
    for (String field : fields.keySet()) {
      if (!EXEMPT.contains(field)
          && !field.startsWith("x-ignore-")
          && !field.equals("bucket")
          && !covered.contains(field)) {
        throw S3Exception.accessDenied("Invalid according to Policy: Extra input fields: " + field);
      }
    }
  }

  private static Instant expiration(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw invalidPolicy("Invalid Policy: Invalid 'expiration' value: '" + text + "'");
      }
    }
  }

  private static long number(JsonNode n) {
    long v;
    if (n.isNumber()) {
      v = n.asLong();
    } else {
      try {
        v = Long.parseLong(n.asText());
      } catch (NumberFormatException e) {
        throw invalidPolicy("Invalid Policy: Invalid content-length-range.");
      }
    }
    if (v < 0) {
      throw invalidPolicy("Invalid Policy: Invalid content-length-range.");
    }
    return v;
  }

  private static S3Exception failed(String field) {
    return S3Exception.accessDenied(
        "Invalid according to Policy: Policy Condition failed: " + field);
  }

  private static S3Exception invalidPolicy(String message) {
    return new S3Exception(400, "InvalidPolicyDocument", message);
  }
}
