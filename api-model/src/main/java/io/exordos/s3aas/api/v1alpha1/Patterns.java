package io.exordos.s3aas.api.v1alpha1;

/** Regular expressions shared by the schema annotations and the semantic validators. */
public final class Patterns {
  /** Length and characters of an S3 bucket name; the full rule set is {@code BucketNames}. */
  public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** A version as the catalog names it, e.g. 0.0.1 or 1.0.0-rc.3. */
  public static final String VERSION = "^[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$";

  /** A Kubernetes object name (DNS-1123 subdomain), used for references between resources. */
  public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  private Patterns() {}
}
