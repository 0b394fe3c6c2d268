package io.exordos.s3aas.api.v1alpha1;

/** The short, human summary of where a resource is in its life. Conditions carry the detail. */
public enum Phase {
  PENDING,
  CREATING,
  ACTIVE,
  ERROR,
  DELETING
}
