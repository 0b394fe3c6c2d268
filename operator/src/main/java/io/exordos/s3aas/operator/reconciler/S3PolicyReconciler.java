package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.operator.observe.DriftEventSource;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
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
import java.util.List;
import java.util.Optional;

/**
 * S3Policy: a canned policy named after the resource on the instance's data plane (cluster-wide in
 * a distributed RustFS), rewritten when the document changes or drifts; removed on delete.
 */
@ControllerConfiguration(name = "s3policy")
public final class S3PolicyReconciler implements Reconciler<S3Policy>, Cleaner<S3Policy> {
  private final OperatorServices services;
  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3Instance, S3Policy> instances;

  public S3PolicyReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  @Initializer
  public List<EventSource<?, S3Policy>> prepareEventSources(EventSourceContext<S3Policy> ctx) {
    Links.indexByInstance(ctx, p -> p.getSpec().getInstanceRef());
    instances = Links.instances(ctx, "policy-instances", Links.byInstanceIndex(ctx));
    DriftEventSource<S3Policy> drift =
        new DriftEventSource<>(
            "policy-drift",
            services.cache(),
            key -> ctx.getPrimaryCache().byIndex(Links.BY_INSTANCE, key).stream(),
            (p, snap) ->
                !Statuses.settled(p.getStatus(), p)
                    || PolicyDocuments.same(
                        snap.policies().get(p.getMetadata().getName()), p.getSpec().getDocument()));
    return List.of(instances, drift);
  }

  private Optional<S3Instance> instance(S3Policy p) {
    return instances.get(
        new ResourceID(p.getSpec().getInstanceRef(), p.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<S3Policy> reconcile(S3Policy policy, Context<S3Policy> context) {
    ResourceStatus status = policy.getStatus();
    if (status == null) {
      status = new ResourceStatus();
      policy.setStatus(status);
    }
    String before = Statuses.snapshot(status);
    String name = policy.getMetadata().getName();
    if (PolicyDocuments.BUILT_IN.contains(name)) {
      Statuses.notReady(
          status,
          policy,
          Phase.ERROR,
          "ReservedName",
          name + " is a built-in RustFS policy; give the S3Policy another name");
      return Statuses.patchIfChanged(policy, before);
    }
    Optional<S3Instance> instance = instance(policy);
    Optional<NodeClient> node = instance.flatMap(services.instances()::client);
    if (node.isEmpty()) {
      Statuses.notReady(
          status,
          policy,
          status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.PENDING,
          instance.isEmpty() ? "InstanceNotFound" : "InstanceNotReady",
          "waiting for S3Instance " + policy.getSpec().getInstanceRef() + " to be ACTIVE");
      return Statuses.patchIfChanged(policy, before);
    }
    String key = InstanceDirectory.key(instance.get());
    boolean settled = Statuses.settled(status, policy);
    try {
      NodeSnapshot snap = services.cache().snapshot(key);
      var observed = snap.policies().get(name);
      if (!PolicyDocuments.same(observed, policy.getSpec().getDocument())) {
        node.get().addCannedPolicy(name, policy.getSpec().getDocument());
        services.cache().policyPut(key, name, policy.getSpec().getDocument());
        if (settled) {
          services
              .events()
              .record(
                  policy,
                  EventRecorder.WARNING,
                  "DriftRepaired",
                  "canned policy "
                      + name
                      + (observed == null
                          ? " was missing on the node"
                          : " had been changed on the node")
                      + "; restored it");
        }
      }
      status.setPhase(Phase.ACTIVE);
      Statuses.ready(status, policy, "Ready", "canned policy " + name + " is installed");
    } catch (NodeException e) {
      return Statuses.refused(policy, before, e, services.cache().interval());
    }
    return Statuses.patchIfChanged(policy, before);
  }

  @Override
  public ErrorStatusUpdateControl<S3Policy> updateErrorStatus(
      S3Policy policy, Context<S3Policy> context, Exception e) {
    return Statuses.error(policy, new ResourceStatus(), e);
  }

  @Override
  public DeleteControl cleanup(S3Policy policy, Context<S3Policy> context) {
    Optional<S3Instance> instance = instance(policy);
    if (instance.isEmpty()
        || Links.goingAway(instance.get())
        || PolicyDocuments.BUILT_IN.contains(policy.getMetadata().getName())) {
      return DeleteControl.defaultDelete();
    }
    Optional<NodeClient> node = services.instances().client(instance.get());
    if (node.isPresent()) {
      String name = policy.getMetadata().getName();
      String key = InstanceDirectory.key(instance.get());
      // RustFS refuses to remove a policy attached to a user (500 "policy in use"): detach it
      // from the keys that still carry it first; their S3User then waits for the policy.
      node.get()
          .listUsers()
          .forEach(
              (ak, user) -> {
                if (user.policies().contains(name)) {
                  List<String> rest =
                      user.policies().stream().filter(p -> !p.equals(name)).toList();
                  node.get().setUserPolicies(ak, rest);
                  services
                      .cache()
                      .userPut(key, ak, new NodeClient.ObservedUser(user.status(), rest));
                }
              });
      node.get().removeCannedPolicy(name);
      services.cache().policyRemoved(key, name);
    }
    return DeleteControl.defaultDelete();
  }
}
