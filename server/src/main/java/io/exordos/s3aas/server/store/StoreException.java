package io.exordos.s3aas.server.store;

/** A store-level refusal the API turns into a Kubernetes Status. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in Kubernetes terms. */
  public enum Reason {
    /** A create raced another create of the same name. */
    ALREADY_EXISTS,
    /** The requested revision (watch or continue token) has been compacted away. */
    EXPIRED,
    /** A continue token that this server did not issue. */
    BAD_CONTINUE,
    /** The object changed under every one of a write's attempts. */
    CONTENDED,
    /** A create in a namespace that does not exist. */
    NAMESPACE_MISSING,
    /** A create in a namespace that is being deleted. */
    NAMESPACE_TERMINATING
  }

  private final Reason reason;
  private final String message;

  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
    this.message = message;
  }

  /** The message given to the constructor: never null, unlike {@link Throwable#getMessage}'s. */
  @Override
  public String getMessage() {
    return message;
  }

  public Reason reason() {
    return reason;
  }
}
