package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.PrinterColumn;
import io.exordos.s3aas.server.registry.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code meta.k8s.io/v1 Table} answers, which kubectl asks for so that {@code get} shows the CRD's
 * printer columns. Date columns become ages, worded as kubectl words them.
 */
final class Tables {
  private Tables() {}

  static boolean wanted(@Nullable String accept) {
    return accept != null && accept.contains("as=Table");
  }

  static ObjectNode table(
      ObjectMapper json,
      ResourceType type,
      List<ObjectNode> objects,
      Instant now,
      @Nullable JsonNode listMeta) {
    ObjectNode table = json.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.set("metadata", listMeta == null ? json.createObjectNode() : listMeta.deepCopy());
    ArrayNode defs = table.putArray("columnDefinitions");
    defs.addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name must be unique within a namespace.")
        .put("priority", 0);
    for (PrinterColumn c : type.printerColumns()) {
      defs.addObject()
          .put("name", c.name())
          .put("type", c.type().equals("date") ? "string" : c.type())
          .put("format", "")
          .put("description", c.jsonPath())
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode o : objects) {
      rows.add(row(json, type, o, now));
    }
    return table;
  }

  static ObjectNode row(ObjectMapper json, ResourceType type, ObjectNode object, Instant now) {
    ObjectNode row = json.createObjectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(object.path("metadata").path("name").asText());
    for (PrinterColumn c : type.printerColumns()) {
      JsonNode value = at(object, c.jsonPath());
      if (c.type().equals("date")) {
        cells.add(value.isTextual() ? age(value.asText(), now) : "<unknown>");
      } else if (value.isMissingNode() || value.isNull()) {
        cells.addNull();
      } else if (c.type().equals("integer") && value.isContainerNode()) {
        cells.add(value.size());
      } else if (value.isArray()) {
        StringBuilder b = new StringBuilder();
        value.forEach(v -> b.append(b.length() == 0 ? "" : ",").append(v.asText()));
        cells.add(b.toString());
      } else {
        cells.add(value);
      }
    }
    ObjectNode partial = row.putObject("object");
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata").deepCopy());
    return row;
  }

  /** Follows a simple JSONPath such as {@code .status.phase}. */
  static JsonNode at(JsonNode object, String jsonPath) {
    JsonNode node = object;
    for (String part : jsonPath.replaceFirst("^\\.", "").split("\\.", -1)) {
      node = node.path(part);
    }
    return node;
  }

  /** kubectl's HumanDuration: 45s, 5m10s, 3h, 2d5h, 400d. */
  static String age(String timestamp, Instant now) {
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    long s = Math.max(0, Duration.between(then, now).toSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return (s % 60 == 0) ? m + "m" : m + "m" + (s % 60) + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return (m % 60 == 0) ? h + "h" : h + "h" + (m % 60) + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long d = h / 24;
    if (d < 8) {
      return (h % 24 == 0) ? d + "d" : d + "d" + (h % 24) + "h";
    }
    return d + "d";
  }
}
