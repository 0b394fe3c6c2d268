package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Status bookkeeping shared by the reconcilers: conditions, phase, and "patch only when changed".
 */
final class Statuses {
  private Statuses() {}

  static String snapshot(@Nullable Object status) {
    return status == null ? "null" : Serialization.asJson(status);
  }

  static <S extends ResourceStatus, P extends CustomResource<?, S>> UpdateControl<P> patchIfChanged(
      P p, String before) {
    return Objects.equals(before, snapshot(p.getStatus()))
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(p);
  }

  static long generation(CustomResource<?, ?> p) {
    Long g = p.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  static void ready(ResourceStatus s, CustomResource<?, ?> p, String reason, String message) {
    s.setCondition(ConditionTypes.READY, Condition.TRUE, reason, message, generation(p));
    s.setObservedGeneration(generation(p));
  }

  static void notReady(
      ResourceStatus s,
      CustomResource<?, ?> p,
      @Nullable Phase phase,
      String reason,
      @Nullable String message) {
    s.setCondition(ConditionTypes.READY, Condition.FALSE, reason, message, generation(p));
    if (phase != null) {
      s.setPhase(phase);
    }
  }

  /** True once this generation has been applied and reported ready. */
  static boolean settled(@Nullable ResourceStatus s, CustomResource<?, ?> p) {
    return s != null
        && s.getPhase() == Phase.ACTIVE
        && s.isReady()
        && Objects.equals(s.getObservedGeneration(), generation(p));
  }

  /** A short CamelCase reason for an exception that escaped a reconcile. */
  static String reason(Exception e) {
    if (e instanceof NodeException n) {
      return n.isTransient() ? "NodeUnavailable" : (n.code().isEmpty() ? "NodeError" : n.code());
    }
    if (e instanceof ExordosClient.CoreException c) {
      return c.isTransient() ? "ExordosUnavailable" : "ExordosError";
    }
    if (e instanceof KubernetesClientException) {
      return "ApiError";
    }
    return "ReconcileError";
  }

  static String message(Exception e) {
    String m = e.getMessage();
    return (m == null ? e.getClass().getSimpleName() : m) + " (retrying with backoff)";
  }

  /** The error status for an exception JOSDK is about to retry: Ready=False with the cause. */
  static <S extends ResourceStatus, P extends CustomResource<?, S>>
      ErrorStatusUpdateControl<P> error(P p, S fresh, Exception e) {
    S s = p.getStatus();
    if (s == null) {
      p.setStatus(fresh);
      s = fresh;
    }
    notReady(s, p, s.getPhase() == null ? Phase.PENDING : null, reason(e), message(e));
    return ErrorStatusUpdateControl.patchStatus(p);
  }
}
