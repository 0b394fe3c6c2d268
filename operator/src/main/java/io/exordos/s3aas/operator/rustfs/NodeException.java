package io.exordos.s3aas.operator.rustfs;

import org.jspecify.annotations.Nullable;

/**
 * A failed call to a RustFS node. {@link #isTransient()} calls (5xx, timeouts, connection errors,
 * an open circuit) are retried with backoff; the others (4xx) are the caller's to record in a
 * status condition, since repeating them would fail the same way.
 */
public class NodeException extends RuntimeException {
  private final int status;
  private final String code;

  public NodeException(
      int status, @Nullable String code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code == null ? "" : code;
  }

  public NodeException(int status, @Nullable String code, String message) {
    this(status, code, message, null);
  }

  /** The HTTP status, or 0 when no answer came (connection refused, timeout). */
  public int status() {
    return status;
  }

  /** The S3 or admin error code, e.g. NoSuchBucket, XMinioAdminNoSuchUser. */
  public String code() {
    return code;
  }

  public boolean isTransient() {
    return status == 0 || status >= 500 || status == 429 || status == 408;
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
