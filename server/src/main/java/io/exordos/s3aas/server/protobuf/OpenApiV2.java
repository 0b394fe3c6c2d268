package io.exordos.s3aas.server.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI v2 document kubectl asks for ({@code GET /openapi/v2}, protobuf-encoded) when it
 * validates on the client: always for a {@code kind: List} file, which server-side field validation
 * cannot cover. kubectl reads only the definitions (each kind's schema, found by its {@code
 * x-kubernetes-group-version-kind}) to check field names, types and required fields.
 *
 * <p>The document is built as Swagger 2.0 JSON from the OpenAPI v3 schemas the server validates
 * with, then encoded as gnostic's {@code openapi.v2.Document} message. No Maven artifact carries
 * gnostic's generated Java types, so the messages kubectl reads are declared here (field names and
 * numbers as in gnostic's OpenAPIv2.proto) and encoded by protobuf-java's {@link DynamicMessage}.
 */
public final class OpenApiV2 {
  /**
   * The media type of the answer: kubectl asks for {@code ...spec.v2@v1.0+protobuf}, but Go cannot
   * parse a Content-Type with an {@code @}, so kube-apiserver answers with this spelling.
   */
  public static final String PROTOBUF_ANSWER_TYPE =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "integer", "number", "boolean");

  private static final FileDescriptor GNOSTIC = gnosticSubset();

  private final ObjectMapper json;

  public OpenApiV2(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The Swagger 2.0 document for the given OpenAPI v3 component schemas (by definition name), each
   * of a kind carrying {@code x-kubernetes-group-version-kind}.
   */
  public ObjectNode document(Map<String, ObjectNode> v3Schemas) {
    ObjectNode doc = json.createObjectNode();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", "s3aas").put("version", "v1.32.0");
    doc.putObject("paths");
    ObjectNode definitions = doc.putObject("definitions");
    v3Schemas.forEach((name, schema) -> definitions.set(name, kind(schema)));
    return doc;
  }

  /** A kind's schema: as kube-apiserver publishes CRDs, with apiVersion, kind and metadata. */
  private ObjectNode kind(ObjectNode v3) {
    ObjectNode out = schema(v3);
    JsonNode gvk = v3.get("x-kubernetes-group-version-kind");
    if (gvk != null) {
      out.set("x-kubernetes-group-version-kind", gvk);
    }
    if (out.has("properties")) {
      ObjectNode properties = (ObjectNode) out.get("properties");
      properties.putIfAbsent("apiVersion", json.createObjectNode().put("type", "string"));
      properties.putIfAbsent("kind", json.createObjectNode().put("type", "string"));
      properties.putIfAbsent("metadata", json.createObjectNode().put("type", "object"));
    }
    return out;
  }

  /**
   * One v3 structural schema in v2 form, keeping what kubectl's client-side validation reads. Where
   * anything goes (preserved unknown fields, int-or-string) the schema is left untyped, which
   * kubectl treats as "any value", as kube-apiserver publishes such fields in v2.
   */
  private ObjectNode schema(JsonNode v3) {
    ObjectNode out = json.createObjectNode();
    if (v3.has("description")) {
      out.put("description", v3.get("description").asText());
    }
    if (v3.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || v3.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return out;
    }
    String type = v3.path("type").asText("");
    if (TYPES.contains(type)) {
      out.put("type", type);
    }
    if (v3.has("format")) {
      out.put("format", v3.get("format").asText());
    }
    if (v3.path("required").isArray() && !v3.get("required").isEmpty()) {
      out.set("required", v3.get("required").deepCopy());
    }
    if (v3.path("properties").isObject()) {
      ObjectNode properties = out.putObject("properties");
      v3.get("properties")
          .properties()
          .forEach(e -> properties.set(e.getKey(), schema(e.getValue())));
    }
    if (v3.path("items").isObject()) {
      out.set("items", schema(v3.get("items")));
    }
    JsonNode additional = v3.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      out.set("additionalProperties", schema(additional));
    } else if (additional != null && additional.isBoolean() && additional.asBoolean()) {
      out.put("additionalProperties", true);
    }
    return out;
  }

  /** The Swagger 2.0 document in the protobuf encoding kubectl decodes. */
  public byte[] encode(ObjectNode document) {
    DynamicMessage.Builder doc = builder("Document");
    set(doc, "swagger", document.path("swagger").asText());
    DynamicMessage.Builder info = builder("Info");
    set(info, "title", document.path("info").path("title").asText());
    set(info, "version", document.path("info").path("version").asText());
    set(doc, "info", info.build());
    DynamicMessage.Builder definitions = builder("Definitions");
    document
        .path("definitions")
        .properties()
        .forEach(e -> add(definitions, "additional_properties", named(e.getKey(), e.getValue())));
    set(doc, "definitions", definitions.build());
    return doc.build().toByteArray();
  }

  private DynamicMessage named(String name, JsonNode schema) {
    DynamicMessage.Builder b = builder("NamedSchema");
    set(b, "name", name);
    set(b, "value", encodeSchema(schema));
    return b.build();
  }

  private DynamicMessage encodeSchema(JsonNode s) {
    DynamicMessage.Builder b = builder("Schema");
    if (s.has("$ref")) {
      set(b, "_ref", s.get("$ref").asText());
    }
    if (s.has("format")) {
      set(b, "format", s.get("format").asText());
    }
    if (s.has("description")) {
      set(b, "description", s.get("description").asText());
    }
    for (JsonNode r : s.path("required")) {
      add(b, "required", r.asText());
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      DynamicMessage.Builder item = builder("AdditionalPropertiesItem");
      if (additional.isBoolean()) {
        set(item, "boolean", additional.asBoolean());
      } else {
        set(item, "schema", encodeSchema(additional));
      }
      set(b, "additional_properties", item.build());
    }
    if (s.has("type")) {
      DynamicMessage.Builder type = builder("TypeItem");
      add(type, "value", s.get("type").asText());
      set(b, "type", type.build());
    }
    if (s.has("items")) {
      DynamicMessage.Builder items = builder("ItemsItem");
      add(items, "schema", encodeSchema(s.get("items")));
      set(b, "items", items.build());
    }
    if (s.has("properties")) {
      DynamicMessage.Builder properties = builder("Properties");
      s.get("properties")
          .properties()
          .forEach(e -> add(properties, "additional_properties", named(e.getKey(), e.getValue())));
      set(b, "properties", properties.build());
    }
    Iterator<Map.Entry<String, JsonNode>> fields = s.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (e.getKey().startsWith("x-")) {
        DynamicMessage.Builder any = builder("Any");
        // gnostic keeps an extension's value as YAML text; JSON is YAML
        set(any, "yaml", e.getValue().toString());
        DynamicMessage.Builder named = builder("NamedAny");
        set(named, "name", e.getKey());
        set(named, "value", any.build());
        add(b, "vendor_extension", named.build());
      }
    }
    return b.build();
  }

  private static DynamicMessage.Builder builder(String message) {
    return DynamicMessage.newBuilder(GNOSTIC.findMessageTypeByName(message));
  }

  private static void set(DynamicMessage.Builder b, String field, Object value) {
    b.setField(field(b.getDescriptorForType(), field), value);
  }

  private static void add(DynamicMessage.Builder b, String field, Object value) {
    b.addRepeatedField(field(b.getDescriptorForType(), field), value);
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    FieldDescriptor f = d.findFieldByName(name);
    if (f == null) {
      throw new IllegalStateException(d.getName() + " declares no field " + name);
    }
    return f;
  }

  /** The messages of gnostic's openapi.v2 package that kubectl reads, with their field numbers. */
  private static FileDescriptor gnosticSubset() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("openapiv2/OpenAPIv2.proto")
            .setPackage("openapi.v2")
            .setSyntax("proto3")
            .addMessageType(
                message(
                    "Document",
                    scalar("swagger", 1, FieldDescriptorProto.Type.TYPE_STRING, false),
                    child("info", 2, "Info", false),
                    child("definitions", 9, "Definitions", false)))
            .addMessageType(
                message(
                    "Info",
                    scalar("title", 1, FieldDescriptorProto.Type.TYPE_STRING, false),
                    scalar("version", 2, FieldDescriptorProto.Type.TYPE_STRING, false)))
            .addMessageType(
                message("Definitions", child("additional_properties", 1, "NamedSchema", true)))
            .addMessageType(
                message(
                    "NamedSchema",
                    scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING, false),
                    child("value", 2, "Schema", false)))
            .addMessageType(
                message(
                    "Schema",
                    scalar("_ref", 1, FieldDescriptorProto.Type.TYPE_STRING, false),
                    scalar("format", 2, FieldDescriptorProto.Type.TYPE_STRING, false),
                    scalar("description", 4, FieldDescriptorProto.Type.TYPE_STRING, false),
                    scalar("required", 19, FieldDescriptorProto.Type.TYPE_STRING, true),
                    child("additional_properties", 21, "AdditionalPropertiesItem", false),
                    child("type", 22, "TypeItem", false),
                    child("items", 23, "ItemsItem", false),
                    child("properties", 25, "Properties", false),
                    child("vendor_extension", 31, "NamedAny", true)))
            .addMessageType(
                message(
                    "AdditionalPropertiesItem",
                    child("schema", 1, "Schema", false),
                    scalar("boolean", 2, FieldDescriptorProto.Type.TYPE_BOOL, false)))
            .addMessageType(
                message(
                    "TypeItem", scalar("value", 1, FieldDescriptorProto.Type.TYPE_STRING, true)))
            .addMessageType(message("ItemsItem", child("schema", 1, "Schema", true)))
            .addMessageType(
                message("Properties", child("additional_properties", 1, "NamedSchema", true)))
            .addMessageType(
                message(
                    "NamedAny",
                    scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING, false),
                    child("value", 2, "Any", false)))
            .addMessageType(
                message("Any", scalar("yaml", 2, FieldDescriptorProto.Type.TYPE_STRING, false)))
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("the openapi.v2 message declarations are inconsistent", e);
    }
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto f : fields) {
      b.addField(f);
    }
    return b.build();
  }

  private static FieldDescriptorProto scalar(
      String name, int number, FieldDescriptorProto.Type type, boolean repeated) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(label(repeated))
        .build();
  }

  private static FieldDescriptorProto child(
      String name, int number, String message, boolean repeated) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName(".openapi.v2." + message)
        .setLabel(label(repeated))
        .build();
  }

  private static FieldDescriptorProto.Label label(boolean repeated) {
    return repeated
        ? FieldDescriptorProto.Label.LABEL_REPEATED
        : FieldDescriptorProto.Label.LABEL_OPTIONAL;
  }
}
