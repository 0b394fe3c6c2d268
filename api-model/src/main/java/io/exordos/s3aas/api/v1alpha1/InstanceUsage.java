package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Capacity and contents of an instance, from the node's own usage and storage reports (RustFS
 * {@code datausageinfo} and {@code storageinfo}); never from listing objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceUsage {
  @JsonPropertyDescription("Usable capacity of the instance's drives.")
  private @Nullable Long capacityBytes;

  @JsonPropertyDescription("Bytes used on the instance's drives.")
  private @Nullable Long usedBytes;

  @JsonPropertyDescription("Bytes free on the instance's drives.")
  private @Nullable Long freeBytes;

  @JsonPropertyDescription(
      "Used share in whole percent: the fullest node's, or the instance total's when higher.")
  private @Nullable Integer usedPercent;

  @JsonPropertyDescription("Buckets counted by the node's usage scan.")
  private @Nullable Long buckets;

  @JsonPropertyDescription("Objects across all buckets.")
  private @Nullable Long objects;

  @JsonPropertyDescription("Bytes stored across all buckets, every version counted.")
  private @Nullable Long bytes;

  @JsonPropertyDescription("Per node: capacity, used and free bytes.")
  private List<NodeUsage> nodes = new ArrayList<>();

  @JsonPropertyDescription(
      "When the node's usage scan that these numbers come from was taken (RFC 3339).")
  private @Nullable String observedAt;

  public @Nullable Long getCapacityBytes() {
    return capacityBytes;
  }

  public void setCapacityBytes(@Nullable Long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  public @Nullable Long getUsedBytes() {
    return usedBytes;
  }

  public void setUsedBytes(@Nullable Long usedBytes) {
    this.usedBytes = usedBytes;
  }

  public @Nullable Long getFreeBytes() {
    return freeBytes;
  }

  public void setFreeBytes(@Nullable Long freeBytes) {
    this.freeBytes = freeBytes;
  }

  public @Nullable Integer getUsedPercent() {
    return usedPercent;
  }

  public void setUsedPercent(@Nullable Integer usedPercent) {
    this.usedPercent = usedPercent;
  }

  public @Nullable Long getBuckets() {
    return buckets;
  }

  public void setBuckets(@Nullable Long buckets) {
    this.buckets = buckets;
  }

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

  public List<NodeUsage> getNodes() {
    return nodes;
  }

  public void setNodes(@Nullable List<NodeUsage> nodes) {
    this.nodes = nodes == null ? new ArrayList<>() : new ArrayList<>(nodes);
  }

  public @Nullable String getObservedAt() {
    return observedAt;
  }

  public void setObservedAt(@Nullable String observedAt) {
    this.observedAt = observedAt;
  }
}
