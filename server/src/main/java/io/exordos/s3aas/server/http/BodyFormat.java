package io.exordos.s3aas.server.http;

import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.Patches;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which media types a request body may have, decided in this one place: a whole object (POST, PUT)
 * is JSON or YAML, a PATCH is one of the patch types, anything else is a 415 as kube-apiserver
 * answers it. kubectl's protobuf bodies for the built-in kinds are read before this decision, by
 * {@code KubernetesProtobuf}.
 */
enum BodyFormat {
  JSON,
  YAML;

  static BodyFormat of(String method, @Nullable String contentType) {
    String mediaType = mediaType(contentType);
    if (method.equals("PATCH")) {
      if (mediaType.isEmpty() || mediaType.equals("application/json")) {
        return JSON; // the facade's PATCH (the resource API asks Patches.Type for a patch type)
      }
      // Patches.Type refuses the media types that are no patch, with a 415.
      return Patches.Type.fromContentType(mediaType) == Patches.Type.APPLY_PATCH ? YAML : JSON;
    }
    return switch (mediaType) {
      // kubectl and every client library send application/json; curl -d without -H sends
      // form data, which is refused below rather than parsed as what it is not.
      case "", "application/json" -> JSON;
      case "application/yaml" -> YAML;
      default -> throw ApiException.unsupportedMediaType(mediaType);
    };
  }

  /** The media type without parameters (charset...), lower case. */
  static String mediaType(@Nullable String contentType) {
    return contentType == null ? "" : contentType.split(";", -1)[0].trim().toLowerCase(Locale.ROOT);
  }
}
