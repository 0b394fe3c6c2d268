package io.exordos.s3aas.server.store;

import io.exordos.s3aas.server.registry.ResourceType;

/** Identity of one stored object. The namespace is empty for cluster-scoped kinds. */
public record ResourceKey(ResourceType type, String namespace, String name) {
  public ResourceKey {
    namespace = type.namespaced() ? namespace : "";
  }

  @Override
  public String toString() {
    return type.qualifiedName() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
