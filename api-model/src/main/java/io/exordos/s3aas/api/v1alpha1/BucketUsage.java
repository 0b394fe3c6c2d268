package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * What a bucket holds, from the node's own usage scan (RustFS {@code datausageinfo}): never from
 * listing objects, so it trails writes by up to one poll.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketUsage {
  @JsonPropertyDescription("Objects with at least one stored version (delete markers excluded).")
  private @Nullable Long objects;

  @JsonPropertyDescription(
      "Bytes stored, counting every version of every object (noncurrent versions included).")
  private @Nullable Long bytes;

  @JsonPropertyDescription(
      "Object versions stored, current and noncurrent (delete markers excluded); shown when the bucket is versioned.")
  private @Nullable Long versions;

  @JsonPropertyDescription("Delete markers stored; shown when the bucket is versioned.")
  private @Nullable Long deleteMarkers;

  @JsonPropertyDescription("The quota (spec.quotaBytes) as used / limit; absent without a quota.")
  private @Nullable QuotaUsage quota;

  @JsonPropertyDescription(
      "When the node's usage scan that these numbers come from was taken (RFC 3339).")
  private @Nullable String observedAt;

  public @Nullable Long getObjects() {
    return objects;
  }

  public void setObjects(@Nullable Long objects) {
    this.objects = objects;
  }

  public @Nullable Long getBytes() {
    return bytes;
  }

  public void setBytes(@Nullable Long bytes) {
    this.bytes = bytes;
  }

  public @Nullable Long getVersions() {
    return versions;
  }

  public void setVersions(@Nullable Long versions) {
    this.versions = versions;
  }

  public @Nullable Long getDeleteMarkers() {
    return deleteMarkers;
  }

  public void setDeleteMarkers(@Nullable Long deleteMarkers) {
    this.deleteMarkers = deleteMarkers;
  }

  public @Nullable QuotaUsage getQuota() {
    return quota;
  }

  public void setQuota(@Nullable QuotaUsage quota) {
    this.quota = quota;
  }

  public @Nullable String getObservedAt() {
    return observedAt;
  }

  public void setObservedAt(@Nullable String observedAt) {
    this.observedAt = observedAt;
  }
}
