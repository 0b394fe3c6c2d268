package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reading and writing the system-owned parts of {@code metadata}. */
final class ObjectMeta {
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** Fields only the server sets; a client's values are replaced by the stored ones. */
  static final String[] SYSTEM_FIELDS = {
    "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"
  };

  private ObjectMeta() {}

  static ObjectNode of(ObjectNode object) {
    return object.withObject("metadata");
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  static boolean isDeleting(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  static boolean hasFinalizers(JsonNode object) {
    JsonNode f = object.path("metadata").path("finalizers");
    return f.isArray() && !f.isEmpty();
  }

  static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Why {@code name} is not a valid object name, or null if it is. */
  static @Nullable String nameProblem(String name, boolean label) {
    int max = label ? 63 : 253;
    if (name.length() > max) {
      return "must be no more than " + max + " characters";
    }
    Pattern p = label ? DNS_LABEL : DNS_SUBDOMAIN;
    if (!p.matcher(name).matches()) {
      return "a lowercase RFC 1123 "
          + (label ? "label" : "subdomain")
          + " must consist of lower case alphanumeric characters, '-'"
          + (label ? "" : " or '.'")
          + ", and must start and end with an alphanumeric character";
    }
    return null;
  }

  static void copySystemFields(ObjectNode from, ObjectNode to) {
    ObjectNode src = of(from);
    ObjectNode dst = of(to);
    for (String f : SYSTEM_FIELDS) {
      if (src.has(f)) {
        dst.set(f, src.get(f));
      } else {
        dst.remove(f);
      }
    }
    dst.set("name", src.get("name"));
    if (src.has("namespace")) {
      dst.set("namespace", src.get("namespace"));
    }
  }
}
