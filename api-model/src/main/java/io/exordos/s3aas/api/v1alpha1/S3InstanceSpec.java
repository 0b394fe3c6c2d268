package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import org.jspecify.annotations.Nullable;

/** Desired state of an S3 instance: its data-plane size, topology and default bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3InstanceSpec {
  /**
   * spec.capacityLowPercent when it is not set (the CRD's default, for objects stored before it).
   */
  public static final int DEFAULT_CAPACITY_LOW_PERCENT = 80;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Display name shown by the MetaPaaS API (its `name`), unique per project and mutable;"
          + " defaults to metadata.name. metadata.name is the instance id.")
  private @Nullable String displayName;

  @Required
  @Pattern(Patterns.VERSION)
  @ValidationRule(value = "self == oldSelf", message = "version is immutable")
  @JsonPropertyDescription("Data-plane version from the versions catalog, e.g. 0.0.1. Immutable.")
  private String version;

  @Pattern(Patterns.BUCKET_NAME)
  @ValidationRule(value = "self == oldSelf", message = "bucketName is immutable")
  @JsonPropertyDescription("Default bucket created with the instance. Immutable.")
  private @Nullable String bucketName;

  @Default("none")
  @JsonPropertyDescription("Server-side encryption of objects: none or aes256.")
  private @Nullable Encryption encryption;

  @Default("false")
  @JsonPropertyDescription("S3 object versioning on the default bucket.")
  private @Nullable Boolean versioning;

  @Default("false")
  @JsonPropertyDescription(
      "Require MFA to delete object versions in the default bucket. Only false is accepted: RustFS"
          + " does not implement MFA delete.")
  private @Nullable Boolean mfaDelete;

  @Default("1")
  @Min(1)
  @Max(128)
  @JsonPropertyDescription("vCPUs per node.")
  private @Nullable Integer cpu;

  @Default("1024")
  @Min(512)
  @Max(1048576)
  @JsonPropertyDescription("Memory per node in MiB.")
  private @Nullable Integer ramMb;

  @Default("10")
  @Min(8)
  @Max(1048576)
  @ValidationRule(value = "self >= oldSelf", message = "diskSizeGb can grow but never shrink")
  @JsonPropertyDescription("Data disk per node in GiB. Can grow, never shrink.")
  private @Nullable Integer diskSizeGb;

  @Default("1")
  @Min(1)
  @Max(16)
  @ValidationRule(value = "self == oldSelf", message = "nodes is immutable")
  @JsonPropertyDescription("Number of data-plane nodes: 1 for single, 4 to 16 for distributed.")
  private @Nullable Integer nodes;

  @Default("single")
  @ValidationRule(value = "self == oldSelf", message = "kind is immutable")
  @JsonPropertyDescription("Topology: single or distributed. Immutable.")
  private @Nullable InstanceKind kind;

  @Min(1)
  @Max(8)
  @ValidationRule(value = "self == oldSelf", message = "parity is immutable")
  @JsonPropertyDescription("Erasure-coding parity for distributed instances, at most nodes/2.")
  private @Nullable Integer parity;

  @Default("" + DEFAULT_CAPACITY_LOW_PERCENT)
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Used share of a node's disk, in percent (1-100), at which the instance reports the"
          + " CapacityLow condition and an Event. A warning only: the instance keeps serving.")
  private @Nullable Integer capacityLowPercent;

  public @Nullable Integer getCapacityLowPercent() {
    return capacityLowPercent;
  }

  public void setCapacityLowPercent(@Nullable Integer capacityLowPercent) {
    this.capacityLowPercent = capacityLowPercent;
  }

  public @Nullable String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(@Nullable String displayName) {
    this.displayName = displayName;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public @Nullable String getBucketName() {
    return bucketName;
  }

  public void setBucketName(@Nullable String bucketName) {
    this.bucketName = bucketName;
  }

  public @Nullable Encryption getEncryption() {
    return encryption;
  }

  public void setEncryption(@Nullable Encryption encryption) {
    this.encryption = encryption;
  }

  public @Nullable Boolean getVersioning() {
    return versioning;
  }

  public void setVersioning(@Nullable Boolean versioning) {
    this.versioning = versioning;
  }

  public @Nullable Boolean getMfaDelete() {
    return mfaDelete;
  }

  public void setMfaDelete(@Nullable Boolean mfaDelete) {
    this.mfaDelete = mfaDelete;
  }

  public @Nullable Integer getCpu() {
    return cpu;
  }

  public void setCpu(@Nullable Integer cpu) {
    this.cpu = cpu;
  }

  public @Nullable Integer getRamMb() {
    return ramMb;
  }

  public void setRamMb(@Nullable Integer ramMb) {
    this.ramMb = ramMb;
  }

  public @Nullable Integer getDiskSizeGb() {
    return diskSizeGb;
  }

  public void setDiskSizeGb(@Nullable Integer diskSizeGb) {
    this.diskSizeGb = diskSizeGb;
  }

  public @Nullable Integer getNodes() {
    return nodes;
  }

  public void setNodes(@Nullable Integer nodes) {
    this.nodes = nodes;
  }

  public @Nullable InstanceKind getKind() {
    return kind;
  }

  public void setKind(@Nullable InstanceKind kind) {
    this.kind = kind;
  }

  public @Nullable Integer getParity() {
    return parity;
  }

  public void setParity(@Nullable Integer parity) {
    this.parity = parity;
  }
}
