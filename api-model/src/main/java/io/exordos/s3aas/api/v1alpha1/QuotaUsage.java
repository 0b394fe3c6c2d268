package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/** A bucket's quota as used / limit, with the percentage used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaUsage {
  @JsonPropertyDescription("Bytes counted against the quota (every version).")
  private @Nullable Long usedBytes;

  @JsonPropertyDescription("The quota, spec.quotaBytes.")
  private @Nullable Long limitBytes;

  @JsonPropertyDescription(
      "usedBytes as a whole percentage of limitBytes (rounded down; may exceed 100).")
  private @Nullable Integer percent;

  public @Nullable Long getUsedBytes() {
    return usedBytes;
  }

  public void setUsedBytes(@Nullable Long usedBytes) {
    this.usedBytes = usedBytes;
  }

  public @Nullable Long getLimitBytes() {
    return limitBytes;
  }

  public void setLimitBytes(@Nullable Long limitBytes) {
    this.limitBytes = limitBytes;
  }

  public @Nullable Integer getPercent() {
    return percent;
  }

  public void setPercent(@Nullable Integer percent) {
    this.percent = percent;
  }
}
