package io.exordos.s3aas.server.api;

import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.validation.Cause;
import java.util.List;
import java.util.stream.Collectors;

/** The error answers of the resource API, worded as kube-apiserver words them. */
public final class Errors {
  private Errors() {}

  public static ApiException notFound(ResourceKey key) {
    return notFound(key.type(), key.name());
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        404,
        "NotFound",
        type.qualifiedName() + " \"" + name + "\" not found",
        name,
        type.group(),
        type.plural(),
        List.of());
  }

  public static ApiException alreadyExists(ResourceKey key) {
    return new ApiException(
        409,
        "AlreadyExists",
        key.type().qualifiedName() + " \"" + key.name() + "\" already exists",
        key.name(),
        key.type().group(),
        key.type().plural(),
        List.of());
  }

  public static ApiException conflict(ResourceKey key) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + key.type().qualifiedName()
            + " \""
            + key.name()
            + "\": the object has been modified; please apply your changes to the latest version and try again",
        key.name(),
        key.type().group(),
        key.type().plural(),
        List.of());
  }

  public static ApiException conflict(ResourceKey key, String why) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + key.type().qualifiedName()
            + " \""
            + key.name()
            + "\": "
            + why,
        key.name(),
        key.type().group(),
        key.type().plural(),
        List.of());
  }

  /** 422 Invalid with one cause per field; the message lists them all, as kubectl prints it. */
  public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
    String detail =
        causes.stream().map(c -> c.field() + ": " + c.message()).collect(Collectors.joining(", "));
    String message =
        type.kind()
            + (type.group().isEmpty() ? "" : "." + type.group())
            + " \""
            + name
            + "\" is invalid: "
            + (causes.size() == 1 ? detail : "[" + detail + "]");
    return new ApiException(422, "Invalid", message, name, type.group(), type.kind(), causes);
  }

  public static ApiException gone(String message) {
    return new ApiException(410, "Expired", message);
  }
}
