package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a bucket: the common status plus the name it has on the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketStatus extends ResourceStatus {
  private String bucketName;

  public String getBucketName() {
    return bucketName;
  }

  public void setBucketName(String bucketName) {
    this.bucketName = bucketName;
  }
}
