package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.http.Exchange;
import io.exordos.s3aas.server.iam.Principal;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a route: the exchange, the caller, the project it acts in and the path parameters;
 * also the HTTP preconditions ({@code If-Match} in, {@code ETag} out) every handler shares.
 */
final class Call {
  final Exchange ex;
  final Principal caller;
  final String project;
  final Map<String, String> params;

  Call(Exchange ex, Principal caller, String project, Map<String, String> params) {
    this.ex = ex;
    this.caller = caller;
    this.project = project;
    this.params = params;
  }

  /** A parameter of the route's path template (handlers ask only for their own). */
  String p(String name) {
    return Objects.requireNonNull(params.get(name), () -> "the route has no parameter " + name);
  }

  ObjectNode body() {
    return body(null);
  }

  /** The body; an empty one means {@code whenEmpty} (null: a body is required). */
  ObjectNode body(@Nullable ObjectNode whenEmpty) {
    JsonNode b = ex.readJson(true, whenEmpty);
    if (!b.isObject()) {
      throw FacadeError.badRequest(null, "the request body must be a JSON object");
    }
    return (ObjectNode) b;
  }

  /** The resourceVersion an {@code If-Match} header asks for (quotes and W/ dropped), or null. */
  @Nullable String ifMatch() {
    String h = ex.header("If-Match");
    if (h == null || h.isBlank() || h.trim().equals("*")) {
      return null;
    }
    return h.trim().replaceFirst("^W/", "").replace("\"", "");
  }

  /**
   * Refuses an update whose {@code If-Match} names another version than the current one; the object
   * is then written with its current resourceVersion, so a race is a 409 too.
   */
  ObjectNode precondition(ObjectNode current) {
    String want = ifMatch();
    String have = current.at("/metadata/resourceVersion").asText();
    if (want != null && !want.equals(have)) {
      throw new FacadeError(
          409,
          "Conflict",
          "the resource changed since version "
              + want
              + " (If-Match); it is at version "
              + have
              + ": GET it and retry",
          null);
    }
    return current;
  }

  /** Sends the object's resourceVersion as its ETag, for a later {@code If-Match}. */
  ObjectNode etag(ObjectNode o) {
    ex.setHeader("ETag", "\"" + o.at("/metadata/resourceVersion").asText() + "\"");
    return o;
  }
}
