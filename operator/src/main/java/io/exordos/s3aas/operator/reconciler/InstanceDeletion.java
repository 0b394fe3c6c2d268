package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3InstanceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.api.v1alpha1.SecretReference;
import io.exordos.s3aas.operator.provision.InstancePlan;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's deletion, one step per call until done. First the {@link DeletionGate}: while a
 * bucket's deletionPolicy protects data on the nodes (Retain, or DeleteIfEmpty with objects),
 * nothing goes and the instance says so (Ready reason DeletionBlocked, and an Event). Then the
 * children (keys, users, policies, buckets) are deleted and their finalizers released without node
 * calls (the nodes are going anyway), then configs and node set, then the root Secret. Every step
 * treats "already gone" as done.
 */
final class InstanceDeletion {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceDeletion.class);

  private final OperatorServices services;

  InstanceDeletion(OperatorServices services) {
    this.services = services;
  }

  DeleteControl run(S3Instance instance) throws Exception {
    String ns = instance.getMetadata().getNamespace();
    String name = instance.getMetadata().getName();
    // 0. nothing goes while a bucket keeps data its deletionPolicy protects (asked of the node)
    List<DeletionGate.Blocker> blockers;
    try {
      blockers =
          new DeletionGate(services)
              .check(instance, children(Bucket.class, ns, b -> b.getSpec().getInstanceRef(), name));
    } catch (NodeException e) {
      markDeleting(
          instance,
          Statuses.reason(e),
          "deletion waits: cannot ask the nodes whether its buckets hold data ("
              + e.getMessage()
              + "); retrying. Setting every bucket's deletionPolicy to Delete lets it go without"
              + " asking.");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(blockedRecheckMillis());
    }
    if (!blockers.isEmpty()) {
      String msg =
          "deletion waits: "
              + blockers.size()
              + " bucket(s) keep data: "
              + String.join("; ", blockers.stream().map(Object::toString).toList())
              + ". The deletion finishes by itself once none does.";
      if (markDeleting(instance, S3InstanceReconciler.DELETION_BLOCKED, msg)) {
        services
            .events()
            .record(instance, EventRecorder.WARNING, S3InstanceReconciler.DELETION_BLOCKED, msg);
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(blockedRecheckMillis());
    }
    markDeleting(instance, "Deleting", "deleting child resources, then the node set");
    // 1. children first: their cleanup sees the instance deleting and only releases finalizers
    List<String> users = new ArrayList<>();
    int remaining = 0;
    remaining += deleteChildren(S3User.class, ns, u -> u.getSpec().getInstanceRef(), name, users);
    for (AccessKey k :
        services.client().resources(AccessKey.class).inNamespace(ns).list().getItems()) {
      if (users.contains(k.getSpec().getUserRef())) {
        remaining++;
        delete(k);
        deleteFacadeSecret(k);
      }
    }
    remaining += deleteChildren(Bucket.class, ns, b -> b.getSpec().getInstanceRef(), name, null);
    remaining += deleteChildren(S3Policy.class, ns, p -> p.getSpec().getInstanceRef(), name, null);
    if (remaining > 0) {
      LOG.info("S3Instance {}/{}: waiting for {} child resource(s) to go", ns, name, remaining);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(500);
    }
    // 2. the data plane; the plan only needs ids, so a missing version or Secret does not block
    String key = InstanceDirectory.key(instance);
    services.instances().forget(key);
    VersionCatalog.Entry version =
        services
            .catalog()
            .find(instance.getSpec().getVersion())
            .orElse(new VersionCatalog.Entry(instance.getSpec().getVersion(), "unknown"));
    InstancePlan plan =
        S3InstanceReconciler.plan(
            instance, version, new Secrets.Credentials(S3InstanceReconciler.ROOT_USER, "", "", ""));
    if (!services.provisioner().delete(plan)) {
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(services.provisionCheck().toMillis());
    }
    // 3. the root Secret
    Secrets.deleteOwned(services.client(), instance, InstanceDirectory.rootSecretName(name));
    services
        .events()
        .record(
            instance,
            EventRecorder.NORMAL,
            "Deleted",
            "node set " + plan.nodeSetUuid() + " and its configs deleted");
    return DeleteControl.defaultDelete();
  }

  /** How often a blocked deletion asks the node again (a policy change is seen within this). */
  private long blockedRecheckMillis() {
    return Math.max(1000, Math.min(10_000, services.provisionCheck().toMillis()));
  }

  /**
   * The credentials Secret the facade made for a key ({@code s3aas-key-<key>}, labelled with the
   * key's name) has no owner to take it along; it goes with its key.
   */
  private void deleteFacadeSecret(AccessKey k) {
    SecretReference ref = k.getSpec().getSecretRef();
    if (ref == null) {
      return;
    }
    String ns = k.getMetadata().getNamespace();
    Secrets.get(services.client(), ns, ref.getName())
        .filter(
            s ->
                s.getMetadata().getLabels() != null
                    && k.getMetadata()
                        .getName()
                        .equals(
                            s.getMetadata().getLabels().get(S3InstanceReconciler.FACADE_KEY_LABEL)))
        .ifPresent(s -> delete(s));
  }

  private <T extends CustomResource<?, ?>> List<T> children(
      Class<T> type, String ns, Function<T, String> instanceRef, String instance) {
    return services.client().resources(type).inNamespace(ns).list().getItems().stream()
        .filter(c -> instance.equals(instanceRef.apply(c)))
        .toList();
  }

  private <T extends CustomResource<?, ?>> int deleteChildren(
      Class<T> type,
      String ns,
      Function<T, String> instanceRef,
      String instance,
      @Nullable List<String> names) {
    int n = 0;
    for (T child : services.client().resources(type).inNamespace(ns).list().getItems()) {
      if (instance.equals(instanceRef.apply(child))) {
        n++;
        if (names != null) {
          names.add(child.getMetadata().getName());
        }
        delete(child);
      }
    }
    return n;
  }

  private void delete(HasMetadata child) {
    if (child.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    try {
      services.client().resource(child).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Shows the deletion's progress: phase DELETING and Ready=False with why; true when this changed
   * what the status said (so an Event is worth recording).
   */
  private boolean markDeleting(S3Instance instance, String reason, String message) {
    S3InstanceStatus current = instance.getStatus();
    if (current != null
        && current.getPhase() == Phase.DELETING
        && current.getConditions().stream()
            .anyMatch(
                c ->
                    ConditionTypes.READY.equals(c.getType())
                        && reason.equals(c.getReason())
                        && message.equals(c.getMessage()))) {
      return false;
    }
    try {
      services
          .client()
          .resources(S3Instance.class)
          .inNamespace(instance.getMetadata().getNamespace())
          .withName(instance.getMetadata().getName())
          .editStatus(
              i -> {
                S3InstanceStatus status = i.getStatus();
                if (status == null) {
                  status = new S3InstanceStatus();
                  i.setStatus(status);
                }
                status.setPhase(Phase.DELETING);
                status.setCondition(
                    ConditionTypes.READY, Condition.FALSE, reason, message, Statuses.generation(i));
                return i;
              });
      return true;
    } catch (KubernetesClientException e) {
      LOG.debug("cannot mark {} DELETING: {}", instance.getMetadata().getName(), e.getMessage());
      return false;
    }
  }
}
