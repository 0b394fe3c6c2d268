package io.exordos.s3aas.api.v1alpha1;

/** S3 object-lock retention modes. */
public enum RetentionMode {
  /** Users with the bypass permission may shorten or remove the retention. */
  GOVERNANCE,
  /** Nobody, root included, may shorten or remove the retention. */
  COMPLIANCE
}
