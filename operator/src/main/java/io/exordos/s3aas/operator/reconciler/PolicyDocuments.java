package io.exordos.s3aas.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.catalog.CannedPolicies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compares IAM policy documents the way the real plugin does: ignoring the ID/Sid fields RustFS
 * adds, treating a single string like a one-element list, and not caring about the order of Action
 * and Resource entries.
 */
final class PolicyDocuments {
  /** The node's canned policies (their one list is in api-model). */
  static final Set<String> BUILT_IN = CannedPolicies.NAMES;

  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDocuments() {}

  static boolean same(@Nullable JsonNode a, @Nullable JsonNode b) {
    return a != null && b != null && normalize(a).equals(normalize(b));
  }

  static JsonNode normalize(JsonNode doc) {
    ObjectNode out = JSON.createObjectNode();
    out.put("Version", doc.path("Version").asText("2012-10-17"));
    ArrayNode statements = out.putArray("Statement");
    JsonNode in = doc.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (in.isArray()) {
      in.forEach(list::add);
    } else if (in.isObject()) {
      list.add(in);
    }
    for (JsonNode s : list) {
      ObjectNode n = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = s.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String k = f.getKey();
        if (k.equals("Sid") || k.equals("ID") || k.equals("Id")) {
          continue;
        }
        if (k.equals("Action")
            || k.equals("NotAction")
            || k.equals("Resource")
            || k.equals("NotResource")) {
          n.set(k, sortedList(f.getValue()));
        } else {
          n.set(k, f.getValue());
        }
      }
      statements.add(n);
    }
    return out;
  }

  private static ArrayNode sortedList(JsonNode v) {
    List<String> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(x -> items.add(x.asText()));
    } else {
      items.add(v.asText());
    }
    items.sort(null);
    ArrayNode a = JSON.createArrayNode();
    items.stream().distinct().forEach(a::add);
    return a;
  }
}
