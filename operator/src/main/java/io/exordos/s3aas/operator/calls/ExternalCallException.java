package io.exordos.s3aas.operator.calls;

import org.jspecify.annotations.Nullable;

/**
 * A failed call to a system outside the operator (a RustFS node, Exordos Core). Every such failure
 * says whether it is transient (retrying can help: no answer, 5xx, throttling) or permanent (the
 * system refused this request for good: retrying the same request fails the same way). Reconcilers
 * retry transient failures with backoff and put an object whose call was refused for good in its
 * ERROR phase, quoting {@link #getMessage()}, which is written for the user who owns the object.
 */
public abstract class ExternalCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ExternalCallException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status of the answer, or 0 when none came (connection refused, timeout). */
  public abstract int status();

  /** True when retrying the same call later can succeed. */
  public abstract boolean isTransient();

  /**
   * False for a transient answer that says "not yet" rather than "broken" (e.g. a node whose usage
   * scanner has not counted a new bucket): it is not retried at once and does not count towards
   * opening the target's circuit breaker.
   */
  public boolean isFailureOfTarget() {
    return isTransient();
  }

  /** A short CamelCase reason for a status condition, e.g. NodeUnavailable, CredentialsRefused. */
  public abstract String reason();
}
