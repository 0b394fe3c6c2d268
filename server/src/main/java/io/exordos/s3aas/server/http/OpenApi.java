package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenAPI v3 documents per group version, built from the same schemas the server validates with.
 * Their POST and PATCH operations declare {@code fieldValidation}, which tells kubectl to leave
 * validation to the server ({@code --validate=strict} then sends {@code fieldValidation=Strict}).
 */
final class OpenApi {
  private final ObjectMapper json;
  private final Map<String, ObjectNode> documents = new LinkedHashMap<>();
  private final Map<String, String> hashes = new LinkedHashMap<>();

  OpenApi(ObjectMapper json, ResourceRegistry registry) {
    this.json = json;
    registry
        .byGroupVersion()
        .forEach(
            (gv, types) -> {
              ObjectNode doc = document(types);
              String key = gv.equals("v1") ? "api/v1" : "apis/" + gv;
              documents.put(key, doc);
              hashes.put(key, hash(doc));
            });
  }

  ObjectNode index() {
    ObjectNode index = json.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    documents
        .keySet()
        .forEach(
            key ->
                paths
                    .putObject(key)
                    .put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hashes.get(key)));
    return index;
  }

  /** Every kind's schema across the documents, by definition name (for OpenAPI v2). */
  Map<String, ObjectNode> schemas() {
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    documents
        .values()
        .forEach(
            doc ->
                doc.path("components")
                    .path("schemas")
                    .properties()
                    .forEach(e -> all.put(e.getKey(), (ObjectNode) e.getValue())));
    return all;
  }

  /** The document for a path like {@code apis/s3aas.exordos.io/v1alpha1}, or null. */
  @Nullable ObjectNode document(String key) {
    return documents.get(key);
  }

  private ObjectNode document(List<ResourceType> types) {
    ObjectNode doc = json.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "s3aas").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (ResourceType t : types) {
      String schemaName = schemaName(t);
      ObjectNode schema =
          t.schema() == null
              ? json.createObjectNode()
                  .put("type", "object")
                  .put("x-kubernetes-preserve-unknown-fields", true)
              : (ObjectNode) t.schema().deepCopy();
      ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
      gvk.addObject().put("group", t.group()).put("kind", t.kind()).put("version", t.version());
      schemas.set(schemaName, schema);
      String prefix =
          t.basePath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode collection = paths.putObject(prefix);
      collection.set("get", operation(t, "list", schemaName, List.of()));
      collection.set(
          "post",
          operation(t, "post", schemaName, List.of("dryRun", "fieldManager", "fieldValidation")));
      ObjectNode item = paths.putObject(prefix + "/{name}");
      item.set("get", operation(t, "get", schemaName, List.of()));
      item.set(
          "put",
          operation(t, "put", schemaName, List.of("dryRun", "fieldManager", "fieldValidation")));
      item.set(
          "patch",
          operation(
              t,
              "patch",
              schemaName,
              List.of("dryRun", "fieldManager", "fieldValidation", "force")));
      item.set("delete", operation(t, "delete", schemaName, List.of("dryRun")));
    }
    return doc;
  }

  /** kubectl finds an operation by these two extensions, then looks for fieldValidation. */
  private ObjectNode operation(
      ResourceType t, String action, String schemaName, List<String> params) {
    ObjectNode op = json.createObjectNode();
    op.put("operationId", action + t.kind());
    op.put("x-kubernetes-action", action);
    op.putObject("x-kubernetes-group-version-kind")
        .put("group", t.group())
        .put("version", t.version())
        .put("kind", t.kind());
    ArrayNode parameters = op.putArray("parameters");
    for (String p : params) {
      parameters
          .addObject()
          .put("name", p)
          .put("in", "query")
          .put("uniqueItems", true)
          .putObject("schema")
          .put("type", p.equals("force") ? "boolean" : "string");
    }
    JsonNode ref = json.createObjectNode().put("$ref", "#/components/schemas/" + schemaName);
    op.putObject("responses")
        .putObject("200")
        .putObject("content")
        .putObject("application/json")
        .set("schema", ref);
    return op;
  }

  private static String schemaName(ResourceType t) {
    String group =
        t.group().isEmpty()
            ? "io.k8s.api.core"
            : String.join(".", reversed(t.group().split("\\.")));
    return group + "." + t.version() + "." + t.kind();
  }

  private static List<String> reversed(String[] parts) {
    List<String> l = new java.util.ArrayList<>(List.of(parts));
    java.util.Collections.reverse(l);
    return l;
  }

  private String hash(ObjectNode doc) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
