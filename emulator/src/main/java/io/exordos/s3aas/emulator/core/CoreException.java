package io.exordos.s3aas.emulator.core;

/** An API error of the Core emulator, rendered as {@code {"code", "type", "message"}} JSON. */
public final class CoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private static final String INVALID_GRANT = "invalid_grant";

  public CoreException(int status, String type, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  static CoreException badRequest(String message) {
    return new CoreException(400, "ValidationError", message);
  }

  static CoreException notFound(String what) {
    return new CoreException(404, "NotFoundError", what + " not found");
  }

  static CoreException forbiddenField(String field) {
    return new CoreException(403, "FieldPermissionError", "Permission denied for field " + field);
  }

  /**
   * Wrong credentials on {@code get_token}: gcl_iam's middleware answers 400 with an RFC 6749 body
   * {@code {"error": "invalid_grant", "error_description"}}, not Core's usual error shape.
   */
  static CoreException invalidGrant(String message) {
    return new CoreException(400, INVALID_GRANT, message);
  }

  /** True when the answer is an RFC 6749 error body ({@code error}, {@code error_description}). */
  boolean oauthError() {
    return INVALID_GRANT.equals(type);
  }

  static CoreException unauthorized(String message) {
    return new CoreException(401, "Unauthorized", message);
  }
}
