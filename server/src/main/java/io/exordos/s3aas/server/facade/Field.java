package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One field of a facade resource, defined once: its JSON name and type, who may write it and when,
 * where it lives in the Kubernetes-style object, and its description. The translation in both
 * directions, the field rules and the OpenAPI schema are all derived from these.
 *
 * @param modelPath dotted path in the resource object (e.g. {@code spec.bucketName}), or null for a
 *     computed field; also maps validation errors back to the facade field name
 * @param ownerOnly only a project owner may change it after creation (operators may not)
 * @param reader the field's value in an object, null when unset
 * @param writer sets the field's value in an object (null removes it); null for a field with no
 *     model path
 */
record Field(
    String name,
    String type,
    Access access,
    @Nullable String modelPath,
    String description,
    boolean ownerOnly,
    Function<ObjectNode, @Nullable JsonNode> reader,
    @Nullable BiConsumer<ObjectNode, @Nullable JsonNode> writer) {

  /** Who may write a field, and when. */
  enum Access {
    /** Set on create, changed by PATCH/PUT. */
    MUTABLE,
    /** Set on create only; an update that changes it is refused. */
    IMMUTABLE,
    /** Computed by the service; never accepted (an update may repeat the current value). */
    READ_ONLY,
    /** Accepted on create, never shown again (an access key's secret). */
    WRITE_ONCE
  }

  static Field path(String name, String type, Access access, String modelPath, String description) {
    return new Field(
        name,
        type,
        access,
        modelPath,
        description,
        false,
        o -> at(o, modelPath),
        (o, v) -> set(o, modelPath, v));
  }

  /**
   * A field the client writes but the object does not hold at a path of its own (a child's name, an
   * access key's secret): the caller handles it, and gives it a {@link #reader} if it is shown.
   */
  static Field unmapped(String name, String type, Access access, String description) {
    return new Field(name, type, access, null, description, false, o -> null, null);
  }

  static Field computed(
      String name,
      String type,
      String description,
      Function<ObjectNode, @Nullable JsonNode> reader) {
    return new Field(name, type, Access.READ_ONLY, null, description, false, reader, null);
  }

  Field restrictToOwner() {
    return new Field(name, type, access, modelPath, description, true, reader, writer);
  }

  Field writer(BiConsumer<ObjectNode, @Nullable JsonNode> w) {
    return new Field(name, type, access, modelPath, description, ownerOnly, reader, w);
  }

  Field reader(Function<ObjectNode, @Nullable JsonNode> r) {
    return new Field(name, type, access, modelPath, description, ownerOnly, r, writer);
  }

  /** Whether a JSON value has this field's type; null is accepted for mutable fields (unset). */
  boolean accepts(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return access == Access.MUTABLE;
    }
    return switch (type) {
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "integer" -> v.isIntegralNumber();
      case "array" -> v.isArray();
      case "object" -> v.isObject();
      default -> true;
    };
  }

  static @Nullable JsonNode at(ObjectNode o, String dotted) {
    JsonNode n = o.at("/" + dotted.replace('.', '/'));
    return n.isMissingNode() || n.isNull() ? null : n;
  }

  /** Sets a dotted path, creating parents; null removes it. */
  static void set(ObjectNode o, String dotted, @Nullable JsonNode v) {
    String[] parts = dotted.split("\\.", -1);
    ObjectNode cur = o;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = cur.get(parts[i]);
      if (!(next instanceof ObjectNode)) {
        if (v == null || v.isNull()) {
          return;
        }
        next = cur.putObject(parts[i]);
      }
      cur = (ObjectNode) next;
    }
    if (v == null || v.isNull()) {
      cur.remove(parts[parts.length - 1]);
    } else {
      cur.set(parts[parts.length - 1], v);
    }
  }
}
