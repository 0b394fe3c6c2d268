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
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status bookkeeping shared by the reconcilers: conditions, phase, and "patch only when changed".
 */
final class Statuses {
  private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

  private Statuses() {}

  static String snapshot(@Nullable Object status) {
    return status == null ? "null" : Serialization.asJson(status);
  }

  /**
   * Writes the status when the reconcile changed it; the returned control then updates nothing more
   * (see {@link #write}).
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>> UpdateControl<P> patchIfChanged(
      P p, String before, Context<P> context) {
    if (!Objects.equals(before, snapshot(p.getStatus()))) {
      write(p, context);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * Replaces the whole status under optimistic locking (a PUT of {@code /status} carrying the
   * resourceVersion reconciled), through JOSDK's cache-updating helper: on a conflict it takes the
   * newer object from the informer cache and writes the same status onto it, and the next reconcile
   * sees this write. JOSDK's own status patch is a JSON Patch computed against the object
   * reconciled, without a resourceVersion, so on a copy older than the stored object its
   * index-based array operations landed on the wrong elements (a Ready condition stored twice:
   * bench/README.md, "Operator restart with nothing changed").
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>> void write(
      P p, Context<P> context) {
    S desired = p.getStatus();
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        p,
        context,
        fresh -> {
          fresh.setStatus(desired);
          return fresh;
        });
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
      P p, String before, ExternalCallException e, Duration recheck, Context<P> context) {
    if (e.isTransient()) {
      throw e;
    }
    S s = Objects.requireNonNull(p.getStatus(), "status is set before calls are made");
    notReady(s, p, Phase.ERROR, e.reason(), refusal(e));
    return patchIfChanged(p, before, context).rescheduleAfter(recheck);
  }

  /**
   * The error status for an exception JOSDK is about to retry: Ready=False with the cause; a
   * refusal for good also sets the ERROR phase.
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>>
      ErrorStatusUpdateControl<P> error(P p, S fresh, Exception e, Context<P> context) {
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
    writeErrorStatus(p, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Writes an error status unless the stored one already says the same; a failure to write it is
   * logged, not thrown, so JOSDK's retry of the reconcile goes on (the next attempt writes again).
   */
  static <S extends ResourceStatus, P extends CustomResource<?, S>> void writeErrorStatus(
      P p, Context<P> context) {
    S stored =
        context
            .getPrimaryCache()
            .get(ResourceID.fromResource(p))
            .map(CustomResource::getStatus)
            .orElse(null);
    if (Objects.equals(snapshot(stored), snapshot(p.getStatus()))) {
      return;
    }
    try {
      write(p, context);
    } catch (RuntimeException writeFailed) {
      LOG.warn(
          "{} {}/{}: the error status could not be written: {}",
          p.getKind(),
          p.getMetadata().getNamespace(),
          p.getMetadata().getName(),
          writeFailed.toString());
    }
  }
}
