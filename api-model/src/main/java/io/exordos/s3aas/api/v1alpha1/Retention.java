package io.exordos.s3aas.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Default object-lock retention applied to new objects of a bucket with object lock. */
public class Retention {
  @Required private RetentionMode mode;

  @Required
  @Min(1)
  @Max(365000)
  private Integer days;

  public RetentionMode getMode() {
    return mode;
  }

  public void setMode(RetentionMode mode) {
    this.mode = mode;
  }

  public Integer getDays() {
    return days;
  }

  public void setDays(Integer days) {
    this.days = days;
  }
}
