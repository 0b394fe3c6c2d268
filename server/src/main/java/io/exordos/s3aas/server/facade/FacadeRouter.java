package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.http.Exchange;
import io.exordos.s3aas.server.http.FrontDoor;
import io.exordos.s3aas.server.iam.AccessRules;
import io.exordos.s3aas.server.iam.Principal;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.store.ExclusiveScopes;
import io.exordos.s3aas.server.validation.Cause;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The MetaPaaS REST facade ({@code /v1/types/s3/...}): the seed README's API, translated onto the
 * same resources the Kubernetes-style API serves, with the same role rules ({@link AccessRules}).
 * This class is its front door: it matches a request against the {@link RouteTable}, decides the
 * caller's project, authorizes the route, calls its handler ({@link InstanceHandler}, {@link
 * ChildHandler}, {@link AccessKeyHandler}, {@link VersionsHandler}) and renders the answer or the
 * error.
 *
 * <p>Mapping (docs/IAM.md): an instance's id is its metadata.name (a UUID for facade-made ones) and
 * its {@code name} is {@code spec.displayName}, unique per project; a child made here is named
 * {@code <instance id>.<name>}; a project is a namespace. Errors are {@code {code, type, message,
 * field}}; a foreign or unknown id is 404 whatever the role.
 */
public final class FacadeRouter implements FrontDoor {
  private final ObjectMapper json;
  private final List<Route> routes;

  public FacadeRouter(
      ObjectMapper json,
      ResourceService service,
      ExclusiveScopes exclusive,
      VersionCatalog versions) {
    this.json = json;
    ModelAccess model = new ModelAccess(service);
    VersionsHandler versionsHandler = new VersionsHandler(versions);
    AccessKeyHandler keys = new AccessKeyHandler(model);
    List<ChildHandler> children =
        List.of("buckets", "s3users", "s3policies").stream()
            .map(plural -> new ChildHandler(model, exclusive, keys, plural))
            .toList();
    this.routes =
        RouteTable.of(
            versionsHandler,
            new InstanceHandler(model, exclusive, versionsHandler),
            children,
            keys);
  }

  List<Route> routeTable() {
    return routes;
  }

  @Override
  public String pathSegment() {
    return "v1";
  }

  /** Serves a request under {@code /v1}; returns the verb for metrics. */
  @Override
  public String handle(Exchange ex) throws IOException {
    List<String> p = ex.path();
    if (p.size() == 2 && p.get(1).equals("openapi.json")) {
      if (!ex.method().equals("GET")) {
        throw new FacadeError(405, "MethodNotAllowed", "GET only", null);
      }
      ex.sendJson(200, new OpenApiDocument(json, routes).build());
      return "openapi";
    }
    String path = "/" + String.join("/", p);
    boolean pathMatched = false;
    for (Route r : routes) {
      Map<String, String> params = match(r.path(), p);
      if (params == null) {
        continue;
      }
      pathMatched = true;
      if (!r.method().equals(ex.method())) {
        continue;
      }
      Principal caller = ex.caller();
      Call call = new Call(ex, caller, project(ex, caller), params);
      authorize(call, r);
      Object result;
      try {
        result = r.handler().handle(call);
      } catch (FacadeError e) {
        throw e;
      } catch (ApiException e) {
        throw translate(e, r.fields());
      }
      if (result instanceof Answer a) {
        if (a.status() == 204) {
          ex.sendText(204, "application/json", "");
        } else {
          ex.sendJson(
              a.status(), Objects.requireNonNull(a.body(), "only a 204 answer has no body"));
        }
      } else {
        ex.sendJson(200, result);
      }
      return "facade-" + r.op().name().toLowerCase(Locale.ROOT);
    }
    if (pathMatched) {
      throw new FacadeError(
          405, "MethodNotAllowed", ex.method() + " is not allowed on " + path, null);
    }
    throw new FacadeError(
        404, "NotFound", "no such endpoint: " + path + " (see /v1/openapi.json)", null);
  }

  private static @Nullable Map<String, String> match(String template, List<String> path) {
    String[] t = template.substring(1).split("/", -1);
    if (t.length != path.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int k = 0; k < t.length; k++) {
      if (t[k].startsWith("{")) {
        params.put(t[k].substring(1, t[k].length() - 1), path.get(k));
      } else if (!t[k].equals(path.get(k))) {
        return null;
      }
    }
    return params;
  }

  /** A member acts in its project; the admin in {@code ?project_id=} (default: {@code default}). */
  private static String project(Exchange ex, Principal caller) {
    if (!caller.admin()) {
      String project = caller.project();
      if (caller.role() == null || project == null) { // a member with a role has a project
        throw FacadeError.forbidden("the token grants no role in any project", null);
      }
      return project;
    }
    String q = ex.query("project_id");
    return q == null || q.isEmpty() ? "default" : q;
  }

  private static void authorize(Call c, Route r) {
    Principal p = c.caller;
    if (!p.admin() && p.role() == null) {
      throw FacadeError.forbidden("the token grants no role in any project", null);
    }
    if (r.resource().equals("versions")) {
      return;
    }
    String verb =
        switch (r.op()) {
          case LIST -> "list";
          case CREATE -> "create";
          case GET -> "get";
          case UPDATE -> "patch";
          case DELETE -> "delete";
        };
    Role role = p.role();
    if (!AccessRules.allowed(p, verb, S3Instance.GROUP, r.resource(), null, c.project, null)) {
      throw FacadeError.forbidden(
          "role " + (role == null ? "-" : role.id()) + " may not " + verb + " " + r.resource(),
          null);
    }
    if (r.resource().equals("accesskeys")
        && r.op() == Op.CREATE
        && !AccessRules.allowed(p, "create", "", "secrets", null, c.project, null)) {
      throw FacadeError.forbidden(
          "role " + (role == null ? "-" : role.id()) + " may not create credentials", null);
    }
  }

  /** The facade's error body: {@code {code, type, message, field}}. */
  @Override
  public ObjectNode errorBody(ApiException e) {
    ObjectNode o = json.createObjectNode();
    o.put("code", e.code());
    o.put("type", e.reason());
    o.put("message", e.getMessage());
    if (e instanceof FacadeError f && f.field() != null) {
      o.put("field", f.field());
    }
    return o;
  }

  /** A resource-API refusal in facade words: model paths become facade field names. */
  private static FacadeError translate(ApiException e, List<Field> fields) {
    if (e.code() == 422 && !e.causes().isEmpty()) {
      Cause c = e.causes().get(0);
      String field =
          c.field().equals("metadata.name") ? "name" : FacadeKinds.fieldOf(fields, c.field());
      String name = field != null ? field : c.field();
      return new FacadeError(400, "ValidationError", name + ": " + c.message(), name);
    }
    return switch (e.code()) {
      case 404 -> new FacadeError(404, "NotFound", "not found", null);
      case 409 ->
          new FacadeError(
              409,
              "Conflict",
              e.reason().equals("AlreadyExists")
                  ? "already exists"
                  : "the resource changed concurrently; retry",
              null);
      default -> new FacadeError(e.code(), e.reason(), e.getMessage(), null);
    };
  }
}
