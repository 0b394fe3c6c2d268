package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.observe.ObservationCache;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One bucket on a node, observed and brought to what is wanted: the path both a {@code Bucket} and
 * an instance's default bucket take. The caller records status and events from the returned diff.
 */
final class BucketSync {
  private BucketSync() {}

  /**
   * Observes a bucket and diffs it with what is wanted. The instance's poll is read first; the node
   * is asked only for a bucket neither sampled this poll nor settled.
   *
   * @param desired the wanted settings, given what the node has (or a new bucket's defaults)
   * @param settled this generation was applied and reported ready, and not seen drifting since
   */
  static BucketDiff observe(
      NodeSnapshot snap,
      NodeClient node,
      String name,
      boolean settled,
      UnaryOperator<BucketSettings> desired) {
    BucketSettings fresh = desired.apply(BucketSettings.defaults(false));
    if (!snap.buckets().contains(name)) {
      return BucketDiff.missing(fresh);
    }
    BucketSettings sampled = snap.sampledSettings().get(name);
    if (sampled == null && settled) {
      return BucketDiff.inSync(fresh);
    }
    BucketSettings have = sampled != null ? sampled : node.bucketSettings(name);
    return BucketDiff.between(have, desired.apply(have));
  }

  /** Makes the diff's calls, and tells the observation cache what changed. */
  static void act(
      BucketDiff diff, NodeClient node, ObservationCache cache, String instanceKey, String name) {
    BucketSettings want = diff.want();
    if (diff.create()) {
      node.createBucket(name, want.objectLock());
      cache.bucketCreated(instanceKey, name);
    }
    for (BucketDiff.Call call : diff.calls()) {
      switch (call) {
        case VERSIONING -> node.setVersioning(name, want.versioning());
        case ENCRYPTION -> node.setEncryption(name, want.encrypted());
        case RETENTION ->
            node.setRetention(
                name,
                Objects.requireNonNull(want.retentionMode(), "retention mode of " + name),
                // mode and days come from one Retention, where both are required
                Objects.requireNonNull(want.retentionDays(), "retention days of " + name));
        case PUBLIC_READ -> node.setPublicRead(name, want.publicRead());
        case QUOTA -> node.setQuota(name, want.quotaBytes());
      }
    }
    cache.bucketSettingsApplied(instanceKey, name);
  }
}
