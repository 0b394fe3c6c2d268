package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.Encryption;
import io.exordos.s3aas.api.v1alpha1.InstanceKind;
import io.exordos.s3aas.api.v1alpha1.InstanceUsage;
import io.exordos.s3aas.api.v1alpha1.NodeStatus;
import io.exordos.s3aas.api.v1alpha1.NodeUsage;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3InstanceSpec;
import io.exordos.s3aas.api.v1alpha1.S3InstanceStatus;
import io.exordos.s3aas.operator.provision.InstancePlan;
import io.exordos.s3aas.operator.provision.ProvisionResult;
import io.exordos.s3aas.operator.provision.Uuids;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeAccess;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.usage.UsageStatuses;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Instance: root credentials, the data plane (through the {@link
 * io.exordos.s3aas.operator.provision.Provisioner}), the default bucket, and the status {@code
 * nodes}, {@code endpoint}, NodesReady / ConfigApplied / Ready, phase PENDING → CREATING → ACTIVE
 * (or ERROR).
 *
 * <p>Deletion: {@link InstanceDeletion}, behind the {@link DeletionGate}.
 */
@ControllerConfiguration(name = "s3instance")
public final class S3InstanceReconciler implements Reconciler<S3Instance>, Cleaner<S3Instance> {
  private static final Logger LOG = LoggerFactory.getLogger(S3InstanceReconciler.class);
  public static final String ROOT_USER = "admin";

  /** The Ready reason of an instance whose deletion waits for buckets that keep data. */
  public static final String DELETION_BLOCKED = "DeletionBlocked";

  /** The label the facade puts on the credentials Secret it makes for an access key. */
  static final String FACADE_KEY_LABEL = "s3aas.exordos.io/access-key";

  private final OperatorServices services;

  public S3InstanceReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  public List<EventSource<?, S3Instance>> prepareEventSources(EventSourceContext<S3Instance> ctx) {
    return List.of(new ProvisionProgressEventSource(services.provisioner()));
  }

  @Override
  public UpdateControl<S3Instance> reconcile(S3Instance instance, Context<S3Instance> context)
      throws Exception {
    S3InstanceStatus status = instance.getStatus();
    if (status == null) {
      status = new S3InstanceStatus();
      instance.setStatus(status);
    }
    String before = Statuses.snapshot(status);
    if (status.getPhase() == null) {
      status.setPhase(Phase.PENDING);
    }
    S3InstanceSpec spec = instance.getSpec();
    Optional<VersionCatalog.Entry> version = services.catalog().find(spec.getVersion());
    if (version.isEmpty()) {
      Statuses.notReady(
          status,
          instance,
          Phase.ERROR,
          "UnknownVersion",
          "version "
              + spec.getVersion()
              + " is not in the versions catalog; known versions: "
              + services.catalog().all().keySet());
      return Statuses.patchIfChanged(instance, before, context);
    }
    if (status.getPhase() == Phase.PENDING) {
      // the seed's phases: CREATING is shown from the moment nodes are asked for, even when the
      // provisioner answers at once, so a watcher sees PENDING, CREATING, ACTIVE
      Statuses.notReady(
          status, instance, Phase.CREATING, "Provisioning", "provisioning the data-plane nodes");
      Statuses.write(instance, context);
      return UpdateControl.<S3Instance>noUpdate().rescheduleAfter(1);
    }
    Secrets.Credentials root =
        Secrets.ensureOwned(
            services.client(),
            instance,
            InstanceDirectory.rootSecretName(instance.getMetadata().getName()),
            ROOT_USER);
    InstancePlan plan = plan(instance, version.get(), root);
    ProvisionResult result = services.provisioner().ensure(plan);
    List<NodeStatus> nodes = new ArrayList<>();
    result.nodes().forEach(n -> nodes.add(new NodeStatus(n.id(), n.ip(), n.port())));
    status.setNodes(nodes);
    long gen = Statuses.generation(instance);
    status.setCondition(
        ConditionTypes.CONFIG_APPLIED,
        result.configApplied() ? Condition.TRUE : Condition.FALSE,
        result.configApplied() ? "Applied" : result.reason(),
        result.configApplied() ? "rustfs.env is applied on every node" : result.message(),
        gen);
    switch (result.state()) {
      case FAILED -> {
        status.setCondition(
            ConditionTypes.NODES_READY, Condition.FALSE, result.reason(), result.message(), gen);
        Statuses.notReady(status, instance, Phase.ERROR, result.reason(), result.message());
        return Statuses.patchIfChanged(instance, before, context)
            .rescheduleAfter(services.cache().interval());
      }
      case PROVISIONING -> {
        status.setCondition(
            ConditionTypes.NODES_READY, Condition.FALSE, result.reason(), result.message(), gen);
        Statuses.notReady(
            status,
            instance,
            status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.CREATING,
            result.reason(),
            result.message());
        return Statuses.patchIfChanged(instance, before, context)
            .rescheduleAfter(recheckWhileProvisioning());
      }
      default -> {
        // READY: the data plane answers; make the default bucket and report the endpoint
      }
    }
    status.setCondition(
        ConditionTypes.NODES_READY, Condition.TRUE, "NodesReady", result.message(), gen);
    String endpoint = result.nodes().get(0).endpoint();
    NodeClient node =
        services
            .instances()
            .register(
                instance, new NodeAccess(endpoint, root.accessKeyId(), root.secretAccessKey()));
    String key = InstanceDirectory.key(instance);
    String bucketName = spec.getBucketName();
    if (bucketName != null) {
      defaultBucket(instance, node, key, bucketName);
    }
    status.setEndpoint(endpoint);
    status.setPhase(Phase.ACTIVE);
    Statuses.ready(status, instance, "Ready", "instance is serving S3 at " + endpoint);
    recordUsage(instance, status, key);
    // look again each poll: node loss, config drift and the default bucket are checked cheaply
    return Statuses.patchIfChanged(instance, before, context)
        .rescheduleAfter(services.cache().interval());
  }

  /**
   * When a provisioning instance is looked at again if nothing tells of its progress. A provisioner
   * that reports progress (Exordos: one shared look at Core every 250 ms) reconciles it as soon as
   * Core moves, so its own timer is only a safety net, at the poll interval: with 1,000 instances
   * waiting, a 2 s timer each was 500 reconciles and 500 GetNodeSet calls a second that found
   * nothing new and kept the reconcile threads from the instances that had moved.
   */
  private Duration recheckWhileProvisioning() {
    Duration check = services.provisionCheck();
    if (!services.provisioner().reportsProgress()) {
      return check;
    }
    Duration poll = services.cache().interval();
    return poll.compareTo(check) > 0 ? poll : check;
  }

  /**
   * Records the instance's usage from its last poll (only when the numbers changed), its gauges,
   * and CapacityLow, with an Event when it turns on. A warning only: the instance stays ACTIVE.
   */
  private void recordUsage(S3Instance instance, S3InstanceStatus status, String key) {
    InstanceUsage now;
    try {
      now = UsageStatuses.instance(services.cache().snapshot(key), status.getNodes());
    } catch (RuntimeException e) {
      // the node could not be observed just now: a report, not a failure; the last numbers stay
      LOG.debug("usage of {} not read: {}", key, e.getMessage());
      now = null;
    }
    if (now != null && !UsageStatuses.sameNumbers(now, status.getUsage())) {
      status.setUsage(now);
    }
    InstanceUsage shown = status.getUsage();
    if (shown == null) {
      return;
    }
    Integer set = instance.getSpec().getCapacityLowPercent();
    int threshold = set == null ? UsageStatuses.DEFAULT_CAPACITY_LOW_PERCENT : set;
    services
        .usage()
        .instance(
            instance.getMetadata().getNamespace(),
            instance.getMetadata().getName(),
            shown,
            threshold);
    String fullest =
        shown.getNodes().stream()
            .max(
                Comparator.comparingInt(
                    (NodeUsage n) -> n.getUsedPercent() == null ? 0 : n.getUsedPercent()))
            .map(n -> "node " + n.getNode())
            .orElse("the instance");
    String msg =
        fullest
            + " is "
            + shown.getUsedPercent()
            + "% full, at or past the threshold of "
            + threshold
            + "% (spec.capacityLowPercent): writes fail when a node is full. Grow diskSizeGb or"
            + " delete data";
    if (UsageStatuses.warn(
        status,
        ConditionTypes.CAPACITY_LOW,
        UsageStatuses.capacityLow(shown, threshold),
        "CapacityLow",
        msg,
        Statuses.generation(instance))) {
      services.events().record(instance, EventRecorder.WARNING, "CapacityLow", msg);
    }
  }

  /**
   * The instance's default bucket takes a bucket's path with the instance's versioning and
   * encryption; its other settings are not the instance's to manage and are left as they are.
   */
  private void defaultBucket(S3Instance instance, NodeClient node, String key, String name) {
    S3InstanceSpec spec = instance.getSpec();
    boolean settled = Statuses.settled(instance.getStatus(), instance);
    BucketDiff diff =
        BucketSync.observe(
            services.cache().snapshot(key),
            node,
            name,
            settled,
            have -> defaultBucketSettings(spec, have));
    BucketSync.act(diff, node, services.cache(), key, name);
    if (diff.create() && settled) {
      services
          .events()
          .record(
              instance,
              EventRecorder.WARNING,
              "DriftRepaired",
              "default bucket " + name + " was missing on the node; created it again");
    }
  }

  static BucketSettings defaultBucketSettings(S3InstanceSpec spec, BucketSettings have) {
    return new BucketSettings(
        Boolean.TRUE.equals(spec.getVersioning()),
        spec.getEncryption() == Encryption.AES256,
        have.objectLock(),
        have.retentionMode(),
        have.retentionDays(),
        have.publicRead(),
        have.quotaBytes());
  }

  static InstancePlan plan(
      S3Instance instance, VersionCatalog.Entry version, Secrets.Credentials root) {
    S3InstanceSpec spec = instance.getSpec();
    return new InstancePlan(
        Uuids.nodeSet(instance.getMetadata().getUid()),
        instance.getMetadata().getNamespace(),
        instance.getMetadata().getName(),
        orDefault(spec.getCpu(), 1),
        orDefault(spec.getRamMb(), 1024),
        orDefault(spec.getDiskSizeGb(), 10),
        orDefault(spec.getNodes(), 1),
        spec.getKind() == InstanceKind.DISTRIBUTED,
        spec.getParity(),
        version.image(),
        root.accessKeyId(),
        root.secretAccessKey(),
        spec.getEncryption() == Encryption.AES256);
  }

  private static int orDefault(@Nullable Integer v, int d) {
    return v == null ? d : v;
  }

  @Override
  public ErrorStatusUpdateControl<S3Instance> updateErrorStatus(
      S3Instance instance, Context<S3Instance> context, Exception e) {
    LOG.warn(
        "reconciling S3Instance {}/{} failed: {}",
        instance.getMetadata().getNamespace(),
        instance.getMetadata().getName(),
        e.toString());
    if (e instanceof Secrets.ConflictException) {
      S3InstanceStatus status = instance.getStatus();
      if (status == null) {
        status = new S3InstanceStatus();
        instance.setStatus(status);
      }
      Statuses.notReady(status, instance, Phase.ERROR, "SecretConflict", e.getMessage());
      Statuses.writeErrorStatus(instance, context);
      return ErrorStatusUpdateControl.<S3Instance>noStatusUpdate().withNoRetry();
    }
    return Statuses.error(instance, new S3InstanceStatus(), e, context);
  }

  /**
   * Deletion: the deletion gate, then children, data plane and root Secret ({@link
   * InstanceDeletion}).
   */
  @Override
  public DeleteControl cleanup(S3Instance instance, Context<S3Instance> context) throws Exception {
    services
        .usage()
        .removeInstance(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
    return new InstanceDeletion(services).run(instance);
  }
}
