package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.BucketSpec;
import io.exordos.s3aas.api.v1alpha1.BucketStatus;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Encryption;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.operator.observe.DriftEventSource;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bucket: create (object lock only at creation), then versioning, default encryption, retention,
 * public read and quota, each compared with what the node reports and changed only when different.
 * An object-lock change after creation is reported in the SpecConflict condition, never ignored.
 * Deletion follows {@code deletionPolicy}; DeleteIfEmpty waits with a clear condition while objects
 * remain.
 */
@ControllerConfiguration(name = "bucket")
public final class BucketReconciler implements Reconciler<Bucket>, Cleaner<Bucket> {
  private static final Logger LOG = LoggerFactory.getLogger(BucketReconciler.class);

  private final OperatorServices services;
  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3Instance, Bucket> instances;

  public BucketReconciler(OperatorServices services) {
    this.services = services;
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
    if (!snap.buckets().contains(name)) {
      return false;
    }
    BucketSettings sampled = snap.sampledSettings().get(name);
    return sampled == null || differences(sampled, desired(b.getSpec())).isEmpty();
  }

  private Optional<S3Instance> instance(Bucket b) {
    return instances.get(
        new ResourceID(b.getSpec().getInstanceRef(), b.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<Bucket> reconcile(Bucket bucket, Context<Bucket> context) {
    BucketStatus status = bucket.getStatus();
    if (status == null) {
      status = new BucketStatus();
      bucket.setStatus(status);
    }
    String before = Statuses.snapshot(status);
    Optional<S3Instance> instance = instance(bucket);
    Optional<NodeClient> node = instance.flatMap(services.instances()::client);
    if (node.isEmpty()) {
      Statuses.notReady(
          status,
          bucket,
          status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.PENDING,
          instance.isEmpty() ? "InstanceNotFound" : "InstanceNotReady",
          "waiting for S3Instance " + bucket.getSpec().getInstanceRef() + " to be ACTIVE");
      return Statuses.patchIfChanged(bucket, before);
    }
    String key = InstanceDirectory.key(instance.get());
    String name = bucketName(bucket);
    boolean settled = Statuses.settled(status, bucket);
    if (status.getPhase() == null || status.getPhase() == Phase.PENDING) {
      status.setPhase(Phase.CREATING);
    }
    BucketSettings want = desired(bucket.getSpec());
    try {
      NodeSnapshot snap = services.cache().snapshot(key);
      BucketSettings have;
      if (!snap.buckets().contains(name)) {
        node.get().createBucket(name, want.objectLock());
        services.cache().bucketCreated(key, name);
        have = BucketSettings.defaults(want.objectLock());
        if (settled || status.getBucketName() != null) {
          services
              .events()
              .record(
                  bucket,
                  EventRecorder.WARNING,
                  "DriftRepaired",
                  "bucket "
                      + name
                      + " was missing on the node; created it again with its settings");
        }
      } else if (snap.sampledSettings().containsKey(name)) {
        have = snap.sampledSettings().get(name);
      } else if (settled) {
        have = want; // applied for this generation and not seen drifting
      } else {
        have = node.get().bucketSettings(name);
      }
      List<String> diff = differences(have, want);
      apply(node.get(), name, have, want);
      services.cache().bucketSettingsApplied(key, name);
      if (settled && !diff.isEmpty() && snap.buckets().contains(name)) {
        services
            .events()
            .record(
                bucket,
                EventRecorder.WARNING,
                "DriftRepaired",
                "bucket "
                    + name
                    + " settings had drifted ("
                    + String.join(", ", diff)
                    + "); restored them");
      }
      status.setBucketName(name);
      long gen = Statuses.generation(bucket);
      if (have.objectLock() != want.objectLock()) {
        String msg =
            "objectLock can only be chosen when a bucket is created; the bucket has it "
                + (have.objectLock() ? "enabled" : "disabled")
                + ". Recreate the bucket to change it.";
        status.setCondition(
            ConditionTypes.SPEC_CONFLICT, Condition.TRUE, "ObjectLockImmutable", msg, gen);
        status.setPhase(Phase.ACTIVE);
        Statuses.notReady(status, bucket, Phase.ACTIVE, "SpecConflict", msg);
        status.setObservedGeneration(gen);
      } else {
        status.getConditions().removeIf(c -> ConditionTypes.SPEC_CONFLICT.equals(c.getType()));
        status.setPhase(Phase.ACTIVE);
        Statuses.ready(status, bucket, "Ready", "bucket " + name + " is in sync");
      }
    } catch (NodeException e) {
      if (NodeException.USAGE_NOT_COUNTED.equals(e.code())) {
        // not a failure: the node is not ready to take this bucket's quota yet
        status.setBucketName(name);
        Statuses.notReady(
            status,
            bucket,
            status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.CREATING,
            e.reason(),
            e.getMessage());
        return Statuses.patchIfChanged(bucket, before).rescheduleAfter(services.cache().interval());
      }
      return Statuses.refused(bucket, before, e, services.cache().interval());
    }
    return Statuses.patchIfChanged(bucket, before);
  }

  private static void apply(
      NodeClient node, String name, BucketSettings have, BucketSettings want) {
    if (have.versioning() != want.versioning() && !(have.objectLock() && !want.versioning())) {
      node.setVersioning(name, want.versioning());
    }
    if (have.encrypted() != want.encrypted()) {
      node.setEncryption(name, want.encrypted());
    }
    if (have.objectLock()
        && want.objectLock()
        && (!Objects.equals(have.retentionMode(), want.retentionMode())
            || !Objects.equals(have.retentionDays(), want.retentionDays()))
        && want.retentionMode() != null) {
      // desired() takes mode and days from one Retention, where both are required
      node.setRetention(
          name,
          want.retentionMode(),
          Objects.requireNonNull(want.retentionDays(), "retention days of " + name));
    }
    if (have.publicRead() != want.publicRead()) {
      node.setPublicRead(name, want.publicRead());
    }
    if (quotaDiffers(have, want)
        || (have.quotaBytes() == BucketSettings.QUOTA_UNKNOWN && want.quotaBytes() > 0)) {
      node.setQuota(name, want.quotaBytes());
    }
  }

  static List<String> differences(BucketSettings have, BucketSettings want) {
    List<String> d = new ArrayList<>();
    if (have.versioning() != want.versioning() && !(have.objectLock() && !want.versioning())) {
      d.add("versioning");
    }
    if (have.encrypted() != want.encrypted()) {
      d.add("encryption");
    }
    if (want.objectLock()
        && have.objectLock()
        && want.retentionMode() != null
        && (!Objects.equals(have.retentionMode(), want.retentionMode())
            || !Objects.equals(have.retentionDays(), want.retentionDays()))) {
      d.add("retention");
    }
    if (have.publicRead() != want.publicRead()) {
      d.add("publicRead");
    }
    if (quotaDiffers(have, want)) {
      d.add("quota");
    }
    return d;
  }

  /** A quota the node cannot tell yet (a new bucket, not counted yet) is no difference. */
  private static boolean quotaDiffers(BucketSettings have, BucketSettings want) {
    return have.quotaBytes() != BucketSettings.QUOTA_UNKNOWN
        && have.quotaBytes() != want.quotaBytes();
  }

  @Override
  public ErrorStatusUpdateControl<Bucket> updateErrorStatus(
      Bucket bucket, Context<Bucket> context, Exception e) {
    LOG.debug(
        "bucket {}/{}: {}",
        bucket.getMetadata().getNamespace(),
        bucket.getMetadata().getName(),
        e.toString());
    return Statuses.error(bucket, new BucketStatus(), e);
  }

  @Override
  public DeleteControl cleanup(Bucket bucket, Context<Bucket> context) {
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
