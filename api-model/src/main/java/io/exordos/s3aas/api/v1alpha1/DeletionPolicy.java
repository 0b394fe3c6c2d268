package io.exordos.s3aas.api.v1alpha1;

/** What happens to the data of a bucket when its resource is deleted. */
public enum DeletionPolicy {
  /** Keep the bucket and its objects on the node; only the resource goes. */
  Retain,
  /** Delete the bucket together with every object in it. */
  Delete,
  /** Delete the bucket only when it holds no objects; otherwise report why and wait. */
  DeleteIfEmpty
}
