package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.operator.calls.ExternalCallException;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
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
    if (e instanceof ExternalCallException x) {
      return x.reason();
    }
    if (e instanceof KubernetesClientException) {
      return "ApiError";
    }
    return "ReconcileError";
  }

  static String message(Exception e) {
    if (e instanceof ExternalCallException x && !x.isTransient()) {
      return refusal(x);
    }
    String m = e.getMessage();
    return (m == null ? e.getClass().getSimpleName() : m) + " (retrying with backoff)";
  }

  /** A refusal for good, in the words of the condition a user reads. */
  static String refusal(ExternalCallException e) {
    if ("CredentialsRefused".equals(e.reason())) {
      // the message names the setting to fix; the spec has nothing to do with it
      return String.valueOf(e.getMessage());
    }
    String who = e instanceof ExordosClient.CoreException ? "Exordos Core" : "the storage node";
    return who
        + " refused this request for good ("
        + e.getMessage()
        + "); fix the spec: the operator tries again on every change";
  }

  /**
   * The outcome of a reconcile whose external call failed: a transient failure is thrown for JOSDK
   * to retry with backoff; a refusal for good puts the object in ERROR with the refusal, checked
   * again after {@code recheck} (and at once when its spec changes).
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>> UpdateControl<P> refused(
      P p, String before, ExternalCallException e, Duration recheck) {
    if (e.isTransient()) {
      throw e;
    }
    S s = Objects.requireNonNull(p.getStatus(), "status is set before calls are made");
    notReady(s, p, Phase.ERROR, e.reason(), refusal(e));
    return patchIfChanged(p, before).rescheduleAfter(recheck);
  }

  /**
   * The error status for an exception JOSDK is about to retry: Ready=False with the cause; a
   * refusal for good also sets the ERROR phase.
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>>
      ErrorStatusUpdateControl<P> error(P p, S fresh, Exception e) {
    S s = p.getStatus();
    if (s == null) {
      p.setStatus(fresh);
      s = fresh;
    }
    boolean permanent = e instanceof ExternalCallException x && !x.isTransient();
    notReady(
        s,
        p,
        permanent ? Phase.ERROR : (s.getPhase() == null ? Phase.PENDING : null),
        reason(e),
        message(e));
    return ErrorStatusUpdateControl.patchStatus(p);
  }
}
