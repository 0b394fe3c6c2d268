package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** Observed state of a bucket: the common status plus the name it has on the node and its usage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketStatus extends ResourceStatus {
  private @Nullable String bucketName;
  private @Nullable BucketUsage usage;

  public @Nullable BucketUsage getUsage() {
    return usage;
  }

  public void setUsage(@Nullable BucketUsage usage) {
    this.usage = usage;
  }

  public @Nullable String getBucketName() {
    return bucketName;
  }

  public void setBucketName(@Nullable String bucketName) {
    this.bucketName = bucketName;
  }
}
