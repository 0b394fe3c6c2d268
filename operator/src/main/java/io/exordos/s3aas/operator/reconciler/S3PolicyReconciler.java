package io.exordos.s3aas.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.operator.observe.DriftEventSource;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
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
public final class S3PolicyReconciler extends ChildReconciler<S3Policy, ResourceStatus> {
  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3Instance, S3Policy> instances;

  public S3PolicyReconciler(OperatorServices services) {
    super(services, ResourceStatus::new);
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
  protected Outcome sync(S3Policy policy, ResourceStatus status) {
    String name = policy.getMetadata().getName();
    if (PolicyDocuments.BUILT_IN.contains(name)) {
      Statuses.notReady(
          status,
          policy,
          Phase.ERROR,
          "ReservedName",
          name + " is a built-in RustFS policy; give the S3Policy another name");
      return Outcome.done();
    }
    Optional<Target> target = target(policy, status, instances, policy.getSpec().getInstanceRef());
    if (target.isEmpty()) {
      return Outcome.done();
    }
    String key = target.get().key();
    JsonNode want = policy.getSpec().getDocument();
    JsonNode observed = services.cache().snapshot(key).policies().get(name);
    if (!PolicyDocuments.same(observed, want)) {
      target.get().node().addCannedPolicy(name, want);
      services.cache().policyPut(key, name, want);
      if (Statuses.settled(status, policy)) {
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
    return Outcome.done();
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
