package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Helpers shared by the Core collections: field checks, filters and UUIDs, the way restalchemy APIs
 * behave.
 */
final class Resources {
  static final ObjectMapper JSON = new ObjectMapper();

  private Resources() {}

  static ObjectNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw CoreException.badRequest("The request body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  /** Rejects read-only fields (403, as Core's field permissions do) and unknown fields (400). */
  static void checkFields(ObjectNode body, Set<String> writable, Set<String> readOnly) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (readOnly.contains(f)) {
                throw CoreException.forbiddenField(f);
              }
              if (!writable.contains(f)) {
                throw CoreException.badRequest("Unknown field '" + f + "'");
              }
            });
  }

  /**
   * Checks an update body and returns the fields it may change. A client may send back what it
   * read, so only a changed read-only or create-only field is refused (403); an unknown field is
   * 400.
   */
  static ObjectNode updatableFields(
      ObjectNode current,
      ObjectNode body,
      Set<String> writable,
      Set<String> readOnly,
      Set<String> updatable) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              boolean changed = !body.get(f).equals(current.get(f));
              if (changed
                  && (readOnly.contains(f) || (writable.contains(f) && !updatable.contains(f)))) {
                throw CoreException.forbiddenField(f);
              }
              if (!writable.contains(f) && !readOnly.contains(f)) {
                throw CoreException.badRequest("Unknown field '" + f + "'");
              }
            });
    ObjectNode changes = JSON.createObjectNode();
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (updatable.contains(f)) {
                changes.set(f, body.get(f));
              }
            });
    return changes;
  }

  /**
   * A new item with the fields every collection has: uuid (the body's or a random one), name,
   * description and project_id, which must be the token's project (403 otherwise).
   */
  static ObjectNode newItem(ObjectNode body, String project) {
    String uuid = uuidField(body, "uuid");
    String projectId = body.has("project_id") ? textField(body, "project_id") : project;
    if (!projectId.equals(project)) {
      throw new CoreException(403, "Forbidden", "project_id does not match the token's project");
    }
    ObjectNode item = JSON.createObjectNode();
    item.put("uuid", uuid);
    item.put("name", textField(body, "name"));
    item.put("description", textField(body, "description", ""));
    item.put("project_id", projectId);
    return item;
  }

  static String uuidField(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return UUID.randomUUID().toString();
    }
    try {
      return UUID.fromString(n.asText()).toString();
    } catch (IllegalArgumentException e) {
      throw CoreException.badRequest("Can't parse value: " + field + "=" + n.asText());
    }
  }

  static int intField(ObjectNode body, String field, int min, int max, @Nullable Integer dflt) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (dflt == null) {
        throw CoreException.badRequest("Field '" + field + "' is required");
      }
      return dflt;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      throw CoreException.badRequest(
          "Field '" + field + "' must be an integer in " + min + ".." + max);
    }
    return n.asInt();
  }

  /** A required string field. */
  static String textField(ObjectNode body, String field) {
    String value = text(body, field);
    if (value == null) {
      throw CoreException.badRequest("Field '" + field + "' is required");
    }
    return value;
  }

  /** An optional string field, {@code dflt} when absent. */
  static String textField(ObjectNode body, String field, String dflt) {
    String value = text(body, field);
    return value == null ? dflt : value;
  }

  private static @Nullable String text(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw CoreException.badRequest("Field '" + field + "' must be a string");
    }
    return n.asText();
  }

  /** Equality filters from the query string on top-level fields; unknown fields are refused. */
  static ArrayNode list(
      Collection<ObjectNode> items, Map<String, List<String>> filters, Set<String> filterable) {
    ArrayNode out = JSON.createArrayNode();
    filters
        .keySet()
        .forEach(
            f -> {
              if (!filterable.contains(f)) {
                throw CoreException.badRequest("Unknown filter field '" + f + "'");
              }
            });
    for (ObjectNode item : items) {
      boolean match =
          filters.entrySet().stream()
              .allMatch(e -> e.getValue().contains(item.path(e.getKey()).asText()));
      if (match) {
        out.add(item.deepCopy());
      }
    }
    return out;
  }

  /** {@link #list} over one project's items: a token sees only its own project. */
  static ArrayNode listInProject(
      Collection<ObjectNode> items,
      String project,
      Map<String, List<String>> filters,
      Set<String> filterable) {
    return list(items.stream().filter(i -> inProject(i, project)).toList(), filters, filterable);
  }

  /**
   * Whether a token of {@code project} sees {@code item}. A token without a project ("", an empty
   * scope) carries only the user's global bindings; the emulated admin holds them all, so it sees
   * every project (but cannot create: see ExordosCore).
   */
  static boolean inProject(ObjectNode item, String project) {
    return project.isEmpty() || item.path("project_id").asText().equals(project);
  }
}
