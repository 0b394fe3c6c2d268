package io.exordos.s3aas.operator.rustfs;

import io.exordos.s3aas.operator.calls.ExternalCallException;
import org.jspecify.annotations.Nullable;

/**
 * A failed call to a RustFS node. Transient calls (5xx, timeouts, connection errors, an open
 * circuit) are retried with backoff; the others (4xx, and the 5xx RustFS answers for requests it
 * refuses for good, recognised by observation in {@link NodeClient}) are the caller's to record in
 * a status condition, since repeating them would fail the same way.
 */
public class NodeException extends ExternalCallException {
  private static final long serialVersionUID = 1L;

  /** The code of a 503 that means "the usage scanner has not counted this bucket yet". */
  public static final String USAGE_NOT_COUNTED = "UsageNotCounted";

  private final int status;
  private final String code;
  private final boolean permanent;

  public NodeException(
      int status, @Nullable String code, String message, @Nullable Throwable cause) {
    this(status, code, message, cause, false);
  }

  private NodeException(
      int status,
      @Nullable String code,
      String message,
      @Nullable Throwable cause,
      boolean permanent) {
    super(message, cause);
    this.status = status;
    this.code = code == null ? "" : code;
    this.permanent = permanent;
  }

  public NodeException(int status, @Nullable String code, String message) {
    this(status, code, message, null);
  }

  /**
   * A refusal for good that RustFS answers with a 5xx (e.g. 500 "policy in use"): the node works,
   * the request cannot succeed as it is.
   */
  public static NodeException refused(int status, String code, String message) {
    return new NodeException(status, code, message, null, true);
  }

  /** The HTTP status, or 0 when no answer came (connection refused, timeout). */
  @Override
  public int status() {
    return status;
  }

  /** The S3 or admin error code, e.g. NoSuchBucket, InvalidArgument. */
  public String code() {
    return code;
  }

  @Override
  public boolean isTransient() {
    return !permanent && (status == 0 || status >= 500 || status == 429 || status == 408);
  }

  @Override
  public boolean isFailureOfTarget() {
    return isTransient() && !USAGE_NOT_COUNTED.equals(code);
  }

  @Override
  public String reason() {
    if (USAGE_NOT_COUNTED.equals(code)) {
      return USAGE_NOT_COUNTED;
    }
    if (isTransient()) {
      return "NodeUnavailable";
    }
    return code.isEmpty() ? "NodeRefused" : code;
  }

  public boolean isNotFound() {
    return status == 404;
  }

  // Not getMessage(): that is the bare message, which reconcilers copy verbatim into status
  // conditions; the status and code are added only where the exception is logged or chained.
  @SuppressWarnings("OverrideThrowableToString")
  @Override
  public String toString() {
    return "NodeException[" + status + " " + code + ": " + getMessage() + "]";
  }
}
