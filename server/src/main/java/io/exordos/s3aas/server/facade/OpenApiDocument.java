package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facade's OpenAPI 3 document, built from the route table and the field lists the facade itself
 * runs on, so it cannot drift from the code. Served at {@code /v1/openapi.json}.
 */
final class OpenApiDocument {
  private final ObjectMapper json;
  private final List<Route> routes;

  OpenApiDocument(ObjectMapper json, List<Route> routes) {
    this.json = json;
    this.routes = routes;
  }

  ObjectNode build() {
    ObjectNode doc = json.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "s3aas MetaPaaS API");
    info.put("version", "v1");
    info.put(
        "description",
        "S3 instances, buckets, users, policies and access keys for Exordos MetaPaaS. "
            + "Every call needs Authorization: Bearer <token>; roles owner, operator, viewer per project (docs/IAM.md).");
    doc.putArray("security").addObject().putArray("bearer");
    ObjectNode components = doc.putObject("components");
    components
        .putObject("securitySchemes")
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer");
    ObjectNode schemas = components.putObject("schemas");
    Map<String, List<Field>> kinds = new LinkedHashMap<>();
    kinds.put("Version", FacadeKinds.VERSION);
    kinds.put("Instance", FacadeKinds.INSTANCE);
    kinds.put("Bucket", FacadeKinds.BUCKET);
    kinds.put("User", FacadeKinds.USER);
    kinds.put("Policy", FacadeKinds.POLICY);
    kinds.put("AccessKey", FacadeKinds.ACCESS_KEY);
    kinds.forEach((name, fields) -> schemas.set(name, schema(fields)));
    ObjectNode error = schemas.putObject("Error");
    error.put("type", "object");
    ObjectNode ep = error.putObject("properties");
    ep.putObject("code").put("type", "integer").put("description", "The HTTP status.");
    ep.putObject("type")
        .put("type", "string")
        .put(
            "description",
            "Error type, e.g. ValidationError, FieldImmutable, NotFound, Conflict, Forbidden.");
    ep.putObject("message").put("type", "string");
    ep.putObject("field")
        .put("type", "string")
        .put("description", "The field at fault, when one is.");
    error.putArray("required").add("code").add("type").add("message");

    ObjectNode paths = doc.putObject("paths");
    for (Route r : routes) {
      ObjectNode item =
          paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
      ObjectNode op = item.putObject(r.method().toLowerCase(java.util.Locale.ROOT));
      op.put("summary", r.summary());
      op.put("operationId", operationId(r));
      op.putArray("tags").add(r.resource());
      ArrayNode params = op.putArray("parameters");
      for (String seg : r.path().split("/", -1)) {
        if (seg.startsWith("{")) {
          ObjectNode p = params.addObject();
          p.put("name", seg.substring(1, seg.length() - 1)).put("in", "path").put("required", true);
          p.putObject("schema").put("type", "string");
        }
      }
      if (r.op() == Op.LIST && !r.resource().equals("versions")) {
        for (String[] q :
            new String[][] {
              {"name", "string", "Only items with this name."},
              {"status", "string", "Only items in this status."},
              {
                "limit",
                "integer",
                "At most this many items; the X-Next-Marker header then holds the marker of the next page."
              },
              {"marker", "string", "Start after the item with this id."}
            }) {
          ObjectNode p = params.addObject();
          p.put("name", q[0]).put("in", "query").put("required", false).put("description", q[2]);
          p.putObject("schema").put("type", q[1]);
        }
      }
      String schema = schemaName(kinds, r.fields());
      if (r.op() == Op.CREATE || r.op() == Op.UPDATE) {
        ObjectNode body = op.putObject("requestBody");
        body.put("required", true);
        body.putObject("content")
            .putObject("application/json")
            .set("schema", requestSchema(r.fields(), r.op() == Op.CREATE));
      }
      ObjectNode responses = op.putObject("responses");
      String ok =
          switch (r.op()) {
            case CREATE -> "201";
            case DELETE -> "204";
            default -> "200";
          };
      ObjectNode okResponse = responses.putObject(ok);
      okResponse.put(
          "description",
          r.op() == Op.DELETE ? "Deleted (or deletion started: status DELETING)" : "OK");
      if (r.op() != Op.DELETE) {
        ObjectNode ref = json.createObjectNode().put("$ref", "#/components/schemas/" + schema);
        ObjectNode s =
            r.op() == Op.LIST
                ? json.createObjectNode().put("type", "array").set("items", ref)
                : ref;
        okResponse.putObject("content").putObject("application/json").set("schema", s);
      }
      for (String[] e :
          new String[][] {
            {"400", "Invalid request; field names the field"},
            {"401", "No valid bearer token"},
            {"403", "The role does not allow it"},
            {"404", "Not found (also ids of other projects)"},
            {"409", "Name already taken, or a concurrent change"}
          }) {
        responses
            .putObject(e[0])
            .put("description", e[1])
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("$ref", "#/components/schemas/Error");
      }
    }
    return doc;
  }

  private static String operationId(Route r) {
    String[] segs = r.path().replace("{", "").replace("}", "").split("[/-]", -1);
    StringBuilder b = new StringBuilder(r.method().toLowerCase(java.util.Locale.ROOT));
    for (String s : segs) {
      if (!s.isEmpty() && !s.equals("v1") && !s.equals("types") && !s.equals("s3")) {
        b.append(Character.toUpperCase(s.charAt(0))).append(s.substring(1));
      }
    }
    return b.toString();
  }

  private static String schemaName(Map<String, List<Field>> kinds, List<Field> fields) {
    return kinds.entrySet().stream()
        .filter(e -> e.getValue() == fields)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("Instance");
  }

  private ObjectNode schema(List<Field> fields) {
    ObjectNode s = json.createObjectNode();
    s.put("type", "object");
    ObjectNode props = s.putObject("properties");
    for (Field f : fields) {
      if (f.access() == Field.Access.WRITE_ONCE) {
        ObjectNode p = property(f);
        p.put("description", f.description() + " Present only in the create answer.");
        props.set(f.name(), p);
        continue;
      }
      ObjectNode p = property(f);
      if (f.access() == Field.Access.READ_ONLY) {
        p.put("readOnly", true);
      }
      props.set(f.name(), p);
    }
    return s;
  }

  private ObjectNode requestSchema(List<Field> fields, boolean create) {
    ObjectNode s = json.createObjectNode();
    s.put("type", "object");
    s.put("additionalProperties", false);
    ObjectNode props = s.putObject("properties");
    for (Field f : fields) {
      boolean writable =
          switch (f.access()) {
            case MUTABLE -> true;
            case IMMUTABLE, WRITE_ONCE -> create;
            case READ_ONLY -> false;
          };
      if (writable || f.name().equals("project_id")) {
        ObjectNode p = property(f);
        if (!create && f.ownerOnly()) {
          p.put("description", f.description() + " (owner only)");
        }
        props.set(f.name(), p);
      }
    }
    return s;
  }

  private ObjectNode property(Field f) {
    ObjectNode p = json.createObjectNode();
    p.put("type", f.type());
    if (f.type().equals("array")) {
      p.putObject("items").put("type", f.name().equals("nodes") ? "object" : "string");
    }
    p.put(
        "description",
        f.description()
            + switch (f.access()) {
              case MUTABLE -> "";
              case IMMUTABLE -> " Immutable after creation.";
              case READ_ONLY -> " Read-only.";
              case WRITE_ONCE -> "";
            });
    return p;
  }
}
