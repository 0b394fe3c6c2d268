package io.exordos.s3aas.server.facade;

import io.exordos.s3aas.server.api.ApiException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A refusal of the MetaPaaS facade: an HTTP code, an error type, a message and the field at fault.
 */
public final class FacadeError extends ApiException {
  private static final long serialVersionUID = 1L;
  private final @Nullable String field;

  public FacadeError(int code, String type, String message, @Nullable String field) {
    super(code, type, message, null, null, null, List.of());
    this.field = field;
  }

  public @Nullable String field() {
    return field;
  }

  static FacadeError badRequest(@Nullable String field, String message) {
    return new FacadeError(400, "ValidationError", message, field);
  }

  static FacadeError readOnly(String field) {
    return new FacadeError(400, "FieldReadOnly", "field " + field + " is read-only", field);
  }

  static FacadeError immutable(String field) {
    return new FacadeError(400, "FieldImmutable", "field " + field + " can't be changed", field);
  }

  static FacadeError notFound(String what) {
    return new FacadeError(404, "NotFound", what + " not found", null);
  }

  static FacadeError forbidden(String message, @Nullable String field) {
    return new FacadeError(403, "Forbidden", message, field);
  }

  static FacadeError conflict(String message, String field) {
    return new FacadeError(409, "Conflict", message, field);
  }
}
