package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Topology of an instance's data plane. */
public enum InstanceKind {
  /** One node, no erasure coding across nodes. */
  @JsonProperty("single")
  SINGLE,
  /** 4 to 16 nodes sharing one erasure-coded pool. */
  @JsonProperty("distributed")
  DISTRIBUTED
}
