package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3User: a logical user, as in the real plugin; it exists on the nodes only through its access
 * keys, each a RustFS user carrying the S3User's policies (the AccessKey reconciler applies them,
 * so a change of {@code policies} reaches every key). This reconciler checks that every policy is a
 * built-in or an ACTIVE S3Policy of the same instance. Deleting a user deletes its keys first.
 */
@ControllerConfiguration(name = "s3user")
public final class S3UserReconciler extends ChildReconciler<S3User, ResourceStatus> {
  static final String BY_POLICY = "byPolicy";

  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3Instance, S3User> instances;
  private InformerEventSource<S3Policy, S3User> policies;

  public S3UserReconciler(OperatorServices services) {
    super(services, ResourceStatus::new);
  }

  @Override
  @Initializer
  public List<EventSource<?, S3User>> prepareEventSources(EventSourceContext<S3User> ctx) {
    Links.indexByInstance(ctx, u -> u.getSpec().getInstanceRef());
    ctx.getPrimaryCache()
        .addIndexer(
            BY_POLICY,
            u ->
                u.getSpec().getPolicies().stream()
                    .map(p -> u.getMetadata().getNamespace() + "/" + p)
                    .toList());
    instances = Links.instances(ctx, "user-instances", Links.byInstanceIndex(ctx));
    var policyConfig =
        InformerEventSourceConfiguration.from(S3Policy.class, S3User.class)
            .withName("user-policies")
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                (S3Policy p) ->
                    Links.ids(
                        ctx.getPrimaryCache()
                            .byIndex(
                                BY_POLICY,
                                p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())))
            .withOnUpdateFilter(
                (S3Policy o, S3Policy n) ->
                    !Statuses.snapshot(o.getStatus() == null ? null : o.getStatus().getPhase())
                        .equals(
                            Statuses.snapshot(
                                n.getStatus() == null ? null : n.getStatus().getPhase())))
            .build();
    policies = new InformerEventSource<>(policyConfig, ctx);
    return List.of(instances, policies);
  }

  @Override
  protected Outcome sync(S3User user, ResourceStatus status) {
    String ns = user.getMetadata().getNamespace();
    Optional<S3Instance> instance =
        instances.get(new ResourceID(user.getSpec().getInstanceRef(), ns));
    if (instance.isEmpty() || !InstanceDirectory.active(instance.get())) {
      waitForInstance(
          user,
          status,
          user.getSpec().getInstanceRef(),
          instance.isEmpty() ? "InstanceNotFound" : "InstanceNotReady");
      return Outcome.done();
    }
    List<String> missing = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String p : user.getSpec().getPolicies()) {
      if (PolicyDocuments.BUILT_IN.contains(p)) {
        continue;
      }
      Optional<S3Policy> policy = policies.get(new ResourceID(p, ns));
      if (policy.isEmpty()
          || !user.getSpec().getInstanceRef().equals(policy.get().getSpec().getInstanceRef())) {
        missing.add(p);
      } else if (policy.get().getStatus() == null
          || policy.get().getStatus().getPhase() != Phase.ACTIVE) {
        pending.add(p);
      }
    }
    if (!missing.isEmpty()) {
      Statuses.notReady(
          status,
          user,
          Phase.PENDING,
          "PolicyNotFound",
          "policies "
              + missing
              + " are neither built-in ("
              + PolicyDocuments.BUILT_IN
              + ") nor S3Policies of instance "
              + user.getSpec().getInstanceRef());
    } else if (!pending.isEmpty()) {
      Statuses.notReady(
          status, user, Phase.PENDING, "PolicyNotReady", "waiting for S3Policies " + pending);
    } else {
      status.setPhase(Phase.ACTIVE);
      Statuses.ready(
          status, user, "Ready", "policies " + user.getSpec().getPolicies() + " are available");
    }
    return Outcome.done();
  }

  /**
   * Deletes the user's access keys and waits until they are gone (their cleanup removes them from
   * the node).
   */
  @Override
  public DeleteControl cleanup(S3User user, Context<S3User> context) {
    String ns = user.getMetadata().getNamespace();
    int remaining = 0;
    for (AccessKey k :
        services.client().resources(AccessKey.class).inNamespace(ns).list().getItems()) {
      if (user.getMetadata().getName().equals(k.getSpec().getUserRef())) {
        remaining++;
        if (k.getMetadata().getDeletionTimestamp() == null) {
          try {
            services.client().resource(k).delete();
          } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
              throw e;
            }
          }
        }
      }
    }
    return remaining == 0
        ? DeleteControl.defaultDelete()
        : DeleteControl.noFinalizerRemoval().rescheduleAfter(500);
  }
}
