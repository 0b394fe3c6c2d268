package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A list answer: filters {@code name}, {@code status}; {@code limit} and {@code marker} (the last
 * id seen), ordered by creation time then id, the next marker in {@code X-Next-Marker}.
 */
final class Paging {
  private Paging() {}

  static ArrayNode page(Call c, List<Field> fields, List<ObjectNode> objects) {
    String name = c.ex.query("name");
    String status = c.ex.query("status");
    int limit = 0;
    String l = c.ex.query("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        throw FacadeError.badRequest("limit", "limit must be a non-negative integer");
      }
    }
    String marker = c.ex.query("marker");
    List<ObjectNode> views = new ArrayList<>();
    for (ObjectNode o : objects) {
      ObjectNode v = FieldMapping.view(fields, o);
      if (name != null && !name.equals(v.path("name").asText())) {
        continue;
      }
      if (status != null && !status.equalsIgnoreCase(v.path("status").asText())) {
        continue;
      }
      views.add(v);
    }
    views.sort(
        Comparator.comparing((ObjectNode v) -> v.path("created_at").asText())
            .thenComparing(v -> v.path("id").asText()));
    int from = 0;
    if (marker != null && !marker.isEmpty()) {
      from = -1;
      for (int k = 0; k < views.size(); k++) {
        if (views.get(k).path("id").asText().equals(marker)) {
          from = k + 1;
        }
      }
      if (from < 0) {
        throw FacadeError.badRequest("marker", "marker is not an id of this list");
      }
    }
    int to = limit == 0 ? views.size() : Math.min(views.size(), from + limit);
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    views.subList(Math.min(from, views.size()), to).forEach(a::add);
    if (to < views.size() && to > 0) {
      c.ex.setHeader("X-Next-Marker", views.get(to - 1).path("id").asText());
    }
    return a;
  }
}
