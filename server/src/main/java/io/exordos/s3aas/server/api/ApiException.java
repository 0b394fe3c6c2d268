package io.exordos.s3aas.server.api;

import io.exordos.s3aas.server.validation.Cause;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A refusal answered as a Kubernetes {@code Status}: an HTTP code, a machine-readable reason and,
 * for invalid objects, one cause per offending field.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;
  private final String message;
  private final @Nullable String name;
  private final @Nullable String group;
  private final @Nullable String kind;
  private final List<Cause> causes;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null, null, null, List.of());
  }

  public ApiException(
      int code,
      String reason,
      String message,
      @Nullable String name,
      @Nullable String group,
      @Nullable String kind,
      List<Cause> causes) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.message = message;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = List.copyOf(causes);
  }

  /** The message given to the constructor: never null, unlike {@link Throwable#getMessage}'s. */
  @Override
  public String getMessage() {
    return message;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public @Nullable String name() {
    return name;
  }

  public @Nullable String group() {
    return group;
  }

  public @Nullable String kind() {
    return kind;
  }

  public List<Cause> causes() {
    return causes;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml ("
            + contentType
            + ")");
  }
}
