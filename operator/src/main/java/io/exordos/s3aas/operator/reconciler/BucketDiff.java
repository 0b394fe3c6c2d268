package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.operator.rustfs.BucketSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What must change on a node for one bucket to have the wanted settings: a pure function of what
 * the node has and what is wanted. One diff drives both the node calls ({@link #calls}) and the
 * drift a user is told about ({@link #drifted}), so the two cannot disagree.
 *
 * @param create the bucket is missing on the node; {@code have} is then a new bucket's settings
 */
record BucketDiff(boolean create, BucketSettings have, BucketSettings want) {

  /** A node call that brings one setting to what is wanted, in the order they are made. */
  enum Call {
    VERSIONING("versioning"),
    ENCRYPTION("encryption"),
    RETENTION("retention"),
    PUBLIC_READ("publicRead"),
    QUOTA("quota");

    /** The setting's name as a user reads it in an Event. */
    final String setting;

    Call(String setting) {
      this.setting = setting;
    }
  }

  /** A missing bucket: created with {@code want}'s object lock, then set like any new bucket. */
  static BucketDiff missing(BucketSettings want) {
    return new BucketDiff(true, BucketSettings.defaults(want.objectLock()), want);
  }

  static BucketDiff between(BucketSettings have, BucketSettings want) {
    return new BucketDiff(false, have, want);
  }

  /** Nothing to do: what was applied for this generation, not seen drifting. */
  static BucketDiff inSync(BucketSettings want) {
    return new BucketDiff(false, want, want);
  }

  /** The calls that make the node's bucket what is wanted. */
  List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    // versioning cannot be suspended on an object-lock bucket: that is the SpecConflict, no call
    if (have.versioning() != want.versioning() && !(have.objectLock() && !want.versioning())) {
      calls.add(Call.VERSIONING);
    }
    if (have.encrypted() != want.encrypted()) {
      calls.add(Call.ENCRYPTION);
    }
    if (have.objectLock()
        && want.objectLock()
        && want.retentionMode() != null
        && (!Objects.equals(have.retentionMode(), want.retentionMode())
            || !Objects.equals(have.retentionDays(), want.retentionDays()))) {
      calls.add(Call.RETENTION);
    }
    if (have.publicRead() != want.publicRead()) {
      calls.add(Call.PUBLIC_READ);
    }
    if (quotaDiffers() || (quotaUncounted() && want.quotaBytes() > 0)) {
      calls.add(Call.QUOTA);
    }
    return calls;
  }

  /**
   * The settings that differ from what is wanted, as a user reads them. A quota the node cannot
   * tell yet (a bucket its usage scanner has not counted) is set again but is no drift.
   */
  List<String> drifted() {
    return calls().stream()
        .filter(c -> c != Call.QUOTA || quotaDiffers())
        .map(c -> c.setting)
        .toList();
  }

  /** Object lock can only be chosen at creation: a different wish is a spec conflict, no call. */
  boolean objectLockConflict() {
    return have.objectLock() != want.objectLock();
  }

  private boolean quotaUncounted() {
    return have.quotaBytes() == BucketSettings.QUOTA_UNKNOWN;
  }

  private boolean quotaDiffers() {
    return !quotaUncounted() && have.quotaBytes() != want.quotaBytes();
  }
}
