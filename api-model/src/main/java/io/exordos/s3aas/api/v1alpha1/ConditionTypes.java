package io.exordos.s3aas.api.v1alpha1;

/** Condition types used across kinds. {@code Ready} is the one every client waits on. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String NODES_READY = "NodesReady";
  public static final String CONFIG_APPLIED = "ConfigApplied";
  public static final String CREDENTIALS_READY = "CredentialsReady";
  public static final String SPEC_CONFLICT = "SpecConflict";

  /**
   * An instance's node passed spec.capacityLowPercent of its disk (a warning: it keeps serving).
   */
  public static final String CAPACITY_LOW = "CapacityLow";

  /** A bucket holds 90 % or more of its spec.quotaBytes (a warning: writes still succeed). */
  public static final String QUOTA_NEARLY_FULL = "QuotaNearlyFull";

  private ConditionTypes() {}
}
