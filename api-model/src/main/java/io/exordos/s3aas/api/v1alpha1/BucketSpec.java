package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import org.jspecify.annotations.Nullable;

/** Desired state of one bucket on an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketSpec {
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @ValidationRule(value = "self == oldSelf", message = "instanceRef is immutable")
  @JsonPropertyDescription("Name of the S3Instance (same namespace) that holds the bucket.")
  private String instanceRef;

  @Pattern(Patterns.BUCKET_NAME)
  @ValidationRule(value = "self == oldSelf", message = "bucketName is immutable")
  @JsonPropertyDescription("S3 bucket name; defaults to metadata.name. Immutable.")
  private @Nullable String bucketName;

  @Default("false")
  @JsonPropertyDescription("S3 object versioning; turning it off suspends it.")
  private @Nullable Boolean versioning;

  @Default("false")
  @JsonPropertyDescription(
      "Object lock; S3 allows it only when the bucket is created, so a later change is reported"
          + " in the SpecConflict condition.")
  private @Nullable Boolean objectLock;

  @Default("none")
  @JsonPropertyDescription("Default server-side encryption of new objects: none or aes256.")
  private @Nullable Encryption encryption;

  @Default("0")
  @Min(0)
  @JsonPropertyDescription("Hard quota in bytes; 0 means unlimited.")
  private @Nullable Long quotaBytes;

  @Default("false")
  @JsonPropertyDescription("Anonymous read access to objects (a public-read bucket policy).")
  private @Nullable Boolean publicRead;

  @JsonPropertyDescription("Default retention for new objects; needs objectLock.")
  private @Nullable Retention retention;

  @Default("DeleteIfEmpty")
  @JsonPropertyDescription(
      "What deleting this resource does to the bucket: Retain, Delete (with its objects) or"
          + " DeleteIfEmpty.")
  private @Nullable DeletionPolicy deletionPolicy;

  public String getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(String instanceRef) {
    this.instanceRef = instanceRef;
  }

  public @Nullable String getBucketName() {
    return bucketName;
  }

  public void setBucketName(@Nullable String bucketName) {
    this.bucketName = bucketName;
  }

  public @Nullable Boolean getVersioning() {
    return versioning;
  }

  public void setVersioning(@Nullable Boolean versioning) {
    this.versioning = versioning;
  }

  public @Nullable Boolean getObjectLock() {
    return objectLock;
  }

  public void setObjectLock(@Nullable Boolean objectLock) {
    this.objectLock = objectLock;
  }

  public @Nullable Encryption getEncryption() {
    return encryption;
  }

  public void setEncryption(@Nullable Encryption encryption) {
    this.encryption = encryption;
  }

  public @Nullable Long getQuotaBytes() {
    return quotaBytes;
  }

  public void setQuotaBytes(@Nullable Long quotaBytes) {
    this.quotaBytes = quotaBytes;
  }

  public @Nullable Boolean getPublicRead() {
    return publicRead;
  }

  public void setPublicRead(@Nullable Boolean publicRead) {
    this.publicRead = publicRead;
  }

  public @Nullable Retention getRetention() {
    return retention;
  }

  public void setRetention(@Nullable Retention retention) {
    this.retention = retention;
  }

  public @Nullable DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(@Nullable DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
