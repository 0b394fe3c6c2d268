package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of a child reconcile (bucket, policy, user, access key), as the Flink operator's
 * controllers have it: the status is made ready to write, {@link #sync} observes, diffs, acts and
 * records the outcome in it, and the status is patched only when it changed. A node's refusal for
 * good becomes phase ERROR here; a transient failure goes to JOSDK to retry with backoff, and its
 * error status is written by {@link #updateErrorStatus}.
 */
abstract class ChildReconciler<P extends CustomResource<?, S>, S extends ResourceStatus>
    implements Reconciler<P>, Cleaner<P> {
  private static final Logger LOG = LoggerFactory.getLogger(ChildReconciler.class);

  protected final OperatorServices services;
  private final Supplier<S> newStatus;

  ChildReconciler(OperatorServices services, Supplier<S> newStatus) {
    this.services = services;
    this.newStatus = newStatus;
  }

  /** When to look again after a reconcile; {@link #done} leaves it to the next event. */
  record Outcome(@Nullable Duration recheck) {
    static Outcome done() {
      return new Outcome(null);
    }

    static Outcome recheckAfter(Duration recheck) {
      return new Outcome(recheck);
    }
  }

  /** An ACTIVE instance with its node client and observation key. */
  record Target(S3Instance instance, NodeClient node, String key) {}

  /**
   * Observe → diff → act for one object, recording the outcome in {@code status} (set, never null).
   * A {@link NodeException} thrown here is handled by the skeleton.
   */
  protected abstract Outcome sync(P p, S status);

  @Override
  public final UpdateControl<P> reconcile(P p, Context<P> context) {
    S status = p.getStatus();
    if (status == null) {
      status = newStatus.get();
      p.setStatus(status);
    }
    String before = Statuses.snapshot(status);
    Outcome outcome;
    try {
      outcome = sync(p, status);
    } catch (NodeException e) {
      return Statuses.refused(p, before, e, services.cache().interval(), context);
    }
    UpdateControl<P> control = Statuses.patchIfChanged(p, before, context);
    Duration recheck = outcome.recheck();
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  @Override
  public final ErrorStatusUpdateControl<P> updateErrorStatus(P p, Context<P> context, Exception e) {
    LOG.debug(
        "{} {}/{}: {}",
        p.getKind(),
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        e.toString());
    return Statuses.error(p, newStatus.get(), e, context);
  }

  /**
   * The instance {@code instanceRef} in the object's namespace with its node, when it is ACTIVE;
   * otherwise empty, with the status saying what the object waits for (an ACTIVE object stays
   * ACTIVE: its data is still on the nodes).
   */
  protected final Optional<Target> target(
      P p, S status, InformerEventSource<S3Instance, P> instances, String instanceRef) {
    Optional<S3Instance> instance =
        instances.get(new ResourceID(instanceRef, p.getMetadata().getNamespace()));
    Optional<NodeClient> node = instance.flatMap(services.instances()::watch);
    if (instance.isEmpty() || node.isEmpty()) {
      waitForInstance(
          p, status, instanceRef, instance.isEmpty() ? "InstanceNotFound" : "InstanceNotReady");
      return Optional.empty();
    }
    return Optional.of(
        new Target(instance.get(), node.get(), InstanceDirectory.key(instance.get())));
  }

  /** Ready=False while the instance is not ACTIVE, naming it. */
  protected static void waitForInstance(
      CustomResource<?, ?> p, ResourceStatus status, String instanceRef, String reason) {
    Statuses.notReady(
        status,
        p,
        status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.PENDING,
        reason,
        "waiting for S3Instance " + instanceRef + " to be ACTIVE");
  }
}
