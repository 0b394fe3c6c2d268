package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Server-side encryption of objects at rest. */
public enum Encryption {
  @JsonProperty("none")
  NONE,
  /** SSE-S3 with AES-256, keys from the node's KMS. */
  @JsonProperty("aes256")
  AES256
}
