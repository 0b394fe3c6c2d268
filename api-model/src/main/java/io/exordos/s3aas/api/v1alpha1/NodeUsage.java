package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/** One data-plane node's drives as the node reports them (RustFS {@code storageinfo}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeUsage {
  @JsonPropertyDescription(
      "The node: its id in status.nodes when known, otherwise the drive endpoint's host.")
  private @Nullable String node;

  @JsonPropertyDescription("Total size of the node's drives.")
  private @Nullable Long capacityBytes;

  @JsonPropertyDescription("Bytes used on the node's drives.")
  private @Nullable Long usedBytes;

  @JsonPropertyDescription("Bytes free on the node's drives.")
  private @Nullable Long freeBytes;

  @JsonPropertyDescription("usedBytes as a whole percentage of capacityBytes (rounded down).")
  private @Nullable Integer usedPercent;

  public @Nullable String getNode() {
    return node;
  }

  public void setNode(@Nullable String node) {
    this.node = node;
  }

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
}
