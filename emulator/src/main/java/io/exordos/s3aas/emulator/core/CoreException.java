package io.exordos.s3aas.emulator.core;

/** An API error of the Core emulator, rendered as {@code {"code", "type", "message"}} JSON. */
public final class CoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;

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

  static CoreException unauthorized(String message) {
    return new CoreException(401, "Unauthorized", message);
  }
}
