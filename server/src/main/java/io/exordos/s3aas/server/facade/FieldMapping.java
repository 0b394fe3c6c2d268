package io.exordos.s3aas.server.facade;

import static io.exordos.s3aas.server.facade.Field.Access.IMMUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.MUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.READ_ONLY;
import static io.exordos.s3aas.server.facade.Field.Access.WRITE_ONCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.iam.Principal;
import io.exordos.s3aas.server.iam.Role;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Request bodies onto resource objects and back, through a kind's field list ({@link FacadeKinds}):
 * the one mapping every handler writes and reads with, so a field is refused the same way wherever
 * it is sent.
 */
final class FieldMapping {
  private FieldMapping() {}

  /** The facade's view of an object: each field of the list, read from the object. */
  static ObjectNode view(List<Field> fields, ObjectNode o) {
    return FacadeKinds.view(fields, o);
  }

  /**
   * Applies a request body to {@code target} through the field list: unknown fields, read-only
   * fields, changed immutable fields, type mismatches and (for operators) owner-only fields are
   * refused, each naming the field. {@code current} is null on create.
   */
  static void apply(
      List<Field> fields,
      ObjectNode body,
      ObjectNode target,
      @Nullable ObjectNode current,
      Principal caller) {
    ObjectNode currentView = current == null ? null : view(fields, current);
    Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (name.equals("project_id")) {
        continue;
      }
      Field f = FacadeKinds.find(fields, name);
      if (f == null) {
        throw FacadeError.badRequest(name, "unknown field " + name);
      }
      boolean unchanged = currentView != null && value.equals(currentView.get(name));
      if (f.access() == READ_ONLY) {
        if (current == null) {
          throw FacadeError.readOnly(name);
        }
        if (!unchanged) {
          throw FacadeError.readOnly(name);
        }
        continue;
      }
      if (f.access() == IMMUTABLE && current != null) {
        if (!unchanged) {
          throw FacadeError.immutable(name);
        }
        continue;
      }
      if (f.access() == WRITE_ONCE && current != null) {
        throw FacadeError.readOnly(name);
      }
      if (!f.accepts(value)) {
        throw FacadeError.badRequest(
            name,
            name + " must be " + (f.access() == MUTABLE ? "a" : "a non-null") + " " + f.type());
      }
      if (current != null && unchanged) {
        continue;
      }
      if (current != null && f.ownerOnly() && !caller.admin() && caller.role() != Role.OWNER) {
        throw FacadeError.forbidden("only a project owner may change " + name, name);
      }
      var writer = f.writer();
      if (f.modelPath() != null && writer != null) {
        writer.accept(target, value);
      }
    }
  }

  /** Refuses a create whose body left a required field unset, naming the facade field. */
  static void require(ObjectNode target, String path, String field) {
    if (Field.at(target, path) == null) {
      throw FacadeError.badRequest(field, field + " is required");
    }
  }

  /** A body may repeat the caller's project; another one is refused. */
  static void checkProject(Call c, ObjectNode body) {
    JsonNode p = body.get("project_id");
    if (p != null && !p.isNull() && !p.asText().equals(c.project)) {
      throw FacadeError.forbidden("project_id differs from the project of the token", "project_id");
    }
  }

  /** A Python client may repeat the parent (id or its /v1/... URL); a different one is refused. */
  static void checkParent(ObjectNode body, String field, String id, String urlPrefix) {
    JsonNode v = body.remove(field);
    if (v != null
        && !v.isNull()
        && !v.asText().equals(id)
        && !v.asText().replaceAll("/+$", "").equals(urlPrefix + id)) {
      throw FacadeError.badRequest(field, field + " does not match the path");
    }
  }
}
