package io.exordos.s3aas.operator.rustfs;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one bucket as a node reports them (or as the operator wants them).
 *
 * @param retentionMode GOVERNANCE, COMPLIANCE or null
 * @param quotaBytes 0 means no quota
 */
public record BucketSettings(
    boolean versioning,
    boolean encrypted,
    boolean objectLock,
    @Nullable String retentionMode,
    @Nullable Integer retentionDays,
    boolean publicRead,
    long quotaBytes) {

  /** What a freshly created bucket has. */
  /**
   * {@code quotaBytes} of a bucket whose quota the node cannot tell yet (its usage scanner has not
   * counted the new bucket); it never equals a wanted quota, so the quota is applied again.
   */
  public static final long QUOTA_UNKNOWN = -1;

  public static BucketSettings defaults(boolean objectLock) {
    // S3 turns versioning on for a bucket created with object lock.
    return new BucketSettings(objectLock, false, objectLock, null, null, false, 0);
  }
}
