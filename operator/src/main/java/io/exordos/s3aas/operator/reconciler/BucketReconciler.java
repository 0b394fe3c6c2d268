package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.BucketSpec;
import io.exordos.s3aas.api.v1alpha1.BucketStatus;
import io.exordos.s3aas.api.v1alpha1.BucketUsage;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Encryption;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.QuotaUsage;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.operator.observe.DriftEventSource;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.exordos.s3aas.operator.usage.UsageStatuses;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Bucket: create (object lock only at creation), then versioning, default encryption, retention,
 * public read and quota, each compared with what the node reports and changed only when different.
 * An object-lock change after creation is reported in the SpecConflict condition, never ignored.
 * Deletion follows {@code deletionPolicy}; DeleteIfEmpty waits with a clear condition while objects
 * remain.
 */
@ControllerConfiguration(name = "bucket")
public final class BucketReconciler extends ChildReconciler<Bucket, BucketStatus> {
  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3Instance, Bucket> instances;

  public BucketReconciler(OperatorServices services) {
    super(services, BucketStatus::new);
  }

  static String bucketName(Bucket b) {
    return b.getSpec().getBucketName() != null
        ? b.getSpec().getBucketName()
        : b.getMetadata().getName();
  }

  static BucketSettings desired(BucketSpec spec) {
    boolean lock = Boolean.TRUE.equals(spec.getObjectLock());
    return new BucketSettings(
        lock || Boolean.TRUE.equals(spec.getVersioning()),
        spec.getEncryption() == Encryption.AES256,
        lock,
        lock && spec.getRetention() != null ? spec.getRetention().getMode().name() : null,
        lock && spec.getRetention() != null ? spec.getRetention().getDays() : null,
        Boolean.TRUE.equals(spec.getPublicRead()),
        spec.getQuotaBytes() == null ? 0 : spec.getQuotaBytes());
  }

  @Override
  @Initializer
  public List<EventSource<?, Bucket>> prepareEventSources(EventSourceContext<Bucket> ctx) {
    Links.indexByInstance(ctx, b -> b.getSpec().getInstanceRef());
    instances = Links.instances(ctx, "bucket-instances", Links.byInstanceIndex(ctx));
    DriftEventSource<Bucket> drift =
        new DriftEventSource<>(
            "bucket-drift",
            services.cache(),
            key -> ctx.getPrimaryCache().byIndex(Links.BY_INSTANCE, key).stream(),
            this::inSync);
    return List.of(instances, drift);
  }

  /** A settled bucket is in sync when it exists and, if sampled this poll, its settings match. */
  private boolean inSync(Bucket b, NodeSnapshot snap) {
    if (!Statuses.settled(b.getStatus(), b)) {
      return true;
    }
    String name = bucketName(b);
    if (!snap.buckets().contains(name) || !usageShown(b, snap)) {
      return false;
    }
    BucketSettings sampled = snap.sampledSettings().get(name);
    return sampled == null || BucketDiff.between(sampled, desired(b.getSpec())).drifted().isEmpty();
  }

  private Optional<S3Instance> instance(Bucket b) {
    return instances.get(
        new ResourceID(b.getSpec().getInstanceRef(), b.getMetadata().getNamespace()));
  }

  @Override
  protected Outcome sync(Bucket bucket, BucketStatus status) {
    Optional<Target> target = target(bucket, status, instances, bucket.getSpec().getInstanceRef());
    if (target.isEmpty()) {
      return Outcome.done();
    }
    String name = bucketName(bucket);
    boolean settled = Statuses.settled(status, bucket);
    if (status.getPhase() == null || status.getPhase() == Phase.PENDING) {
      status.setPhase(Phase.CREATING);
    }
    BucketSettings want = desired(bucket.getSpec());
    NodeClient node = target.get().node();
    BucketDiff diff;
    try {
      diff =
          BucketSync.observe(
              services.cache().snapshot(target.get().key()), node, name, settled, have -> want);
      BucketSync.act(diff, node, services.cache(), target.get().key(), name);
    } catch (NodeException e) {
      if (!NodeException.USAGE_NOT_COUNTED.equals(e.code())) {
        throw e;
      }
      // not a failure: the node is not ready to take this bucket's quota yet
      status.setBucketName(name);
      Statuses.notReady(
          status,
          bucket,
          status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.CREATING,
          e.reason(),
          e.getMessage());
      return Outcome.recheckAfter(services.cache().interval());
    }
    recordDrift(bucket, status, name, settled, diff);
    recordStatus(bucket, status, name, diff);
    recordUsage(bucket, status, name, services.cache().snapshot(target.get().key()));
    return Outcome.done();
  }

  /** The bucket's usage as the node's last scan counted it; null while the scan has not. */
  private static @Nullable BucketUsage usage(Bucket b, NodeSnapshot snap) {
    BucketSpec spec = b.getSpec();
    return UsageStatuses.bucket(
        snap, bucketName(b), spec.getQuotaBytes(), desired(spec).versioning());
  }

  /** True when the status shows the numbers of the node's last scan (or the scan has none yet). */
  private static boolean usageShown(Bucket b, NodeSnapshot snap) {
    BucketUsage now = usage(b, snap);
    return now == null
        || UsageStatuses.sameNumbers(now, b.getStatus() == null ? null : b.getStatus().getUsage());
  }

  /**
   * Records the usage (only when its numbers changed, so an idle bucket costs no status write), its
   * gauges, and QuotaNearlyFull, with an Event when it turns on. A warning only: the bucket stays
   * ACTIVE and RustFS refuses writes past the quota itself.
   */
  private void recordUsage(Bucket bucket, BucketStatus status, String name, NodeSnapshot snap) {
    BucketUsage now = usage(bucket, snap);
    if (now != null && !UsageStatuses.sameNumbers(now, status.getUsage())) {
      status.setUsage(now);
    }
    BucketUsage shown = status.getUsage();
    if (shown == null) {
      return;
    }
    services
        .usage()
        .bucket(
            bucket.getMetadata().getNamespace(),
            bucket.getMetadata().getName(),
            bucket.getSpec().getInstanceRef(),
            shown);
    QuotaUsage q = shown.getQuota();
    String msg =
        q == null
            ? ""
            : "bucket "
                + name
                + " holds "
                + q.getUsedBytes()
                + " bytes of its "
                + q.getLimitBytes()
                + "-byte quota ("
                + q.getPercent()
                + "%); RustFS refuses writes past the quota. Raise quotaBytes or delete objects"
                + " (every version counts)";
    if (UsageStatuses.warn(
        status,
        ConditionTypes.QUOTA_NEARLY_FULL,
        UsageStatuses.quotaNearlyFull(shown),
        "QuotaNearlyFull",
        msg,
        Statuses.generation(bucket))) {
      services.events().record(bucket, EventRecorder.WARNING, "QuotaNearlyFull", msg);
    }
  }

  /** Tells the user when the node had lost or changed what was applied before. */
  private void recordDrift(
      Bucket bucket, BucketStatus status, String name, boolean settled, BucketDiff diff) {
    String message;
    if (diff.create() && (settled || status.getBucketName() != null)) {
      message = "bucket " + name + " was missing on the node; created it again with its settings";
    } else if (settled && !diff.create() && !diff.drifted().isEmpty()) {
      message =
          "bucket "
              + name
              + " settings had drifted ("
              + String.join(", ", diff.drifted())
              + "); restored them";
    } else {
      return;
    }
    services.events().record(bucket, EventRecorder.WARNING, "DriftRepaired", message);
  }

  private static void recordStatus(
      Bucket bucket, BucketStatus status, String name, BucketDiff diff) {
    status.setBucketName(name);
    status.setPhase(Phase.ACTIVE);
    if (diff.objectLockConflict()) {
      long gen = Statuses.generation(bucket);
      String msg =
          "objectLock can only be chosen when a bucket is created; the bucket has it "
              + (diff.have().objectLock() ? "enabled" : "disabled")
              + ". Recreate the bucket to change it.";
      status.setCondition(
          ConditionTypes.SPEC_CONFLICT, Condition.TRUE, "ObjectLockImmutable", msg, gen);
      Statuses.notReady(status, bucket, Phase.ACTIVE, "SpecConflict", msg);
      status.setObservedGeneration(gen);
    } else {
      status.getConditions().removeIf(c -> ConditionTypes.SPEC_CONFLICT.equals(c.getType()));
      Statuses.ready(status, bucket, "Ready", "bucket " + name + " is in sync");
    }
  }

  @Override
  public DeleteControl cleanup(Bucket bucket, Context<Bucket> context) {
    services
        .usage()
        .removeBucket(bucket.getMetadata().getNamespace(), bucket.getMetadata().getName());
    Optional<S3Instance> instance = instance(bucket);
    if (instance.isEmpty()) {
      return DeleteControl.defaultDelete(); // no data plane left
    }
    boolean instanceGoing = Links.goingAway(instance.get());
    DeletionPolicy policy =
        bucket.getSpec().getDeletionPolicy() == null
            ? DeletionPolicy.DeleteIfEmpty
            : bucket.getSpec().getDeletionPolicy();
    if (policy == DeletionPolicy.Retain
        || (instanceGoing && policy == DeletionPolicy.Delete)
        || bucket.getStatus() == null
        || bucket.getStatus().getBucketName() == null) {
      // kept on purpose, going with the nodes as asked, or never created by us
      return DeleteControl.defaultDelete();
    }
    // DeleteIfEmpty holds even while the instance is being deleted: the node says whether it may go
    Optional<NodeClient> node =
        instanceGoing
            ? services.instances().clientWhileDeleting(instance.get())
            : services.instances().client(instance.get());
    if (node.isEmpty() && instanceGoing) {
      return DeleteControl.defaultDelete(); // the instance never served: no data to keep
    }
    if (node.isEmpty()) {
      services
          .events()
          .record(
              bucket,
              EventRecorder.WARNING,
              "BucketLeftOnNode",
              "S3Instance "
                  + instance.get().getMetadata().getName()
                  + " is not ACTIVE; bucket "
                  + bucketName(bucket)
                  + " was left on its nodes");
      return DeleteControl.defaultDelete();
    }
    String name = bucketName(bucket);
    String key = InstanceDirectory.key(instance.get());
    try {
      if (policy == DeletionPolicy.Delete) {
        node.get().emptyBucket(name);
      }
      node.get().removeBucket(name);
      services.cache().bucketRemoved(key, name);
      return DeleteControl.defaultDelete();
    } catch (NodeException e) {
      if (e.isTransient()) {
        throw e;
      }
      String reason = "BucketNotEmpty".equals(e.code()) ? "BucketNotEmpty" : e.code();
      String msg =
          "BucketNotEmpty".equals(e.code())
              ? "deletionPolicy DeleteIfEmpty: bucket "
                  + name
                  + " still holds objects; the deletion finishes by itself once it is empty."
                  + " Or set deletionPolicy (deletion_policy on the facade) to Delete, to delete"
                  + " it with its objects, or Retain, to keep them"
              : e.getMessage();
      markBlocked(bucket, reason, msg);
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(Math.min(30_000, services.cache().interval().toMillis()));
    }
  }

  private void markBlocked(Bucket bucket, String reason, @Nullable String msg) {
    services
        .client()
        .resources(Bucket.class)
        .inNamespace(bucket.getMetadata().getNamespace())
        .withName(bucket.getMetadata().getName())
        .editStatus(
            b -> {
              BucketStatus status = b.getStatus();
              if (status == null) {
                status = new BucketStatus();
                b.setStatus(status);
              }
              status.setPhase(Phase.DELETING);
              status.setCondition(
                  ConditionTypes.READY, Condition.FALSE, reason, msg, Statuses.generation(b));
              return b;
            });
  }
}
