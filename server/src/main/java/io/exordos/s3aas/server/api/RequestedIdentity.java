package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.store.ResourceKey;

/**
 * An update or patch may not change which object it is: a name, namespace or uid in the requested
 * object that differs from the stored one is refused (as kube-apiserver refuses it) instead of
 * being silently put back.
 */
final class RequestedIdentity {
  private RequestedIdentity() {}

  static void check(ResourceKey key, JsonNode current, JsonNode requested) {
    JsonNode meta = requested.path("metadata");
    String name = text(meta.path("name"));
    if (!name.isEmpty() && !name.equals(key.name())) {
      throw ApiException.badRequest(
          "the name of the object ("
              + name
              + ") does not match the name on the URL ("
              + key.name()
              + "): metadata.name cannot be changed");
    }
    String namespace = text(meta.path("namespace"));
    if (key.type().namespaced() && !namespace.isEmpty() && !namespace.equals(key.namespace())) {
      throw ApiException.badRequest(
          "the namespace of the provided object ("
              + namespace
              + ") does not match the namespace sent on the request ("
              + key.namespace()
              + "): metadata.namespace cannot be changed");
    }
    String uid = text(meta.path("uid"));
    String currentUid = current.path("metadata").path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(currentUid)) {
      throw Errors.conflict(
          key,
          "Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + currentUid
              + " (metadata.uid cannot be changed)");
    }
  }

  /**
   * A non-string value is reported by the metadata check, with its field; here it is no identity.
   */
  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : "";
  }
}
