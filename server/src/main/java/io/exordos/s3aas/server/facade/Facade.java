package io.exordos.s3aas.server.facade;

import static io.exordos.s3aas.server.facade.Field.Access.IMMUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.MUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.READ_ONLY;
import static io.exordos.s3aas.server.facade.Field.Access.WRITE_ONCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.validation.BucketNames;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.http.Exchange;
import io.exordos.s3aas.server.iam.AccessRules;
import io.exordos.s3aas.server.iam.Principal;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.store.Selector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The MetaPaaS REST facade ({@code /v1/types/s3/...}): the seed README's API, translated onto the
 * same resources the Kubernetes-style API serves, with the same role rules ({@link AccessRules}).
 * Every route is declared once in {@link #routes}; the router and the OpenAPI document ({@code
 * /v1/openapi.json}) both come from that table and the field lists in {@link Kinds}.
 *
 * <p>Mapping (docs/IAM.md): an instance's id is its metadata.name (a UUID for facade-made ones) and
 * its {@code name} is {@code spec.displayName}, unique per project; a child made here is named
 * {@code <instance id>.<name>}; a project is a namespace. Errors are {@code {code, type, message,
 * field}}; a foreign or unknown id is 404 whatever the role.
 */
public final class Facade {
  static final String BASE = "/v1/types/s3";
  private static final Pattern CHILD_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Set<String> CANNED =
      Set.of("readonly", "readwrite", "writeonly", "diagnostics", "consoleAdmin");
  private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BUCKET_NOT_EMPTY = "BucketNotEmpty";
  private static final String DELETION_BLOCKED = "DeletionBlocked";

  /** How long a DELETE waits for the operator's verdict (it asks the node within milliseconds). */
  private static final Duration VERDICT_WAIT = Duration.ofSeconds(10);

  private static final Duration VERDICT_POLL = Duration.ofMillis(50);

  /**
   * How long a read-modify-write keeps trying after concurrent writes (the operator's): each try
   * reads the newest version, so only a writer that never pauses could exhaust it.
   */
  private static final Duration UPDATE_PATIENCE = Duration.ofSeconds(10);

  /** What a route does, for the role check and the OpenAPI answer codes. */
  enum Op {
    LIST,
    CREATE,
    GET,
    UPDATE,
    DELETE
  }

  /**
   * One route: method and path template ({@code {name}} segments), handler, and what the document
   * says of it.
   */
  record Route(
      String method,
      String path,
      Op op,
      String resource,
      String summary,
      List<Field> fields,
      Handler handler) {}

  @FunctionalInterface
  interface Handler {
    Object handle(Call c);
  }

  /** One call: caller, project, path parameters, body. */
  static final class Call {
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
  }

  /** An answer with a status other than 200; only a 204 has no body. */
  record Answer(int status, @Nullable Object body) {}

  private final ObjectMapper json;
  private final ResourceService service;
  private final DSLContext db;
  private final VersionCatalog versions;
  private final ResourceType instances;
  private final ResourceType buckets;
  private final ResourceType users;
  private final ResourceType policies;
  private final ResourceType keys;
  private final ResourceType secrets;
  private final List<Route> routes;

  public Facade(
      ObjectMapper json, ResourceService service, DSLContext db, VersionCatalog versions) {
    this.json = json;
    this.service = service;
    this.db = db;
    this.versions = versions;
    this.instances = type(S3Instance.GROUP, "s3instances");
    this.buckets = type(S3Instance.GROUP, "buckets");
    this.users = type(S3Instance.GROUP, "s3users");
    this.policies = type(S3Instance.GROUP, "s3policies");
    this.keys = type(S3Instance.GROUP, "accesskeys");
    this.secrets = type("", "secrets");
    this.routes = routes();
  }

  private ResourceType type(String group, String plural) {
    return service
        .registry()
        .find(group, group.isEmpty() ? "v1" : S3Instance.VERSION, plural)
        .orElseThrow();
  }

  private List<Route> routes() {
    List<Route> r = new ArrayList<>();
    String i = BASE + "/instances";
    r.add(
        new Route(
            "GET",
            BASE + "/versions",
            Op.LIST,
            "versions",
            "List the versions catalog",
            Kinds.VERSION,
            this::listVersions));
    r.add(
        new Route(
            "GET",
            BASE + "/versions/{version}",
            Op.GET,
            "versions",
            "Get one version (by uuid or name)",
            Kinds.VERSION,
            this::getVersion));
    r.add(
        new Route(
            "POST",
            i,
            Op.CREATE,
            "s3instances",
            "Create instance",
            Kinds.INSTANCE,
            this::createInstance));
    r.add(
        new Route(
            "GET",
            i,
            Op.LIST,
            "s3instances",
            "List instances (filters: name, status; pagination: limit, marker)",
            Kinds.INSTANCE,
            this::listInstances));
    r.add(
        new Route(
            "GET",
            i + "/{id}",
            Op.GET,
            "s3instances",
            "Get instance details",
            Kinds.INSTANCE,
            c -> view(Kinds.INSTANCE, etag(c, instance(c)))));
    r.add(
        new Route(
            "PATCH",
            i + "/{id}",
            Op.UPDATE,
            "s3instances",
            "Update configuration (mutable fields)",
            Kinds.INSTANCE,
            this::updateInstance));
    r.add(
        new Route(
            "PUT",
            i + "/{id}",
            Op.UPDATE,
            "s3instances",
            "Update configuration (as PATCH; the Python plugin's verb)",
            Kinds.INSTANCE,
            this::updateInstance));
    r.add(
        new Route(
            "DELETE",
            i + "/{id}",
            Op.DELETE,
            "s3instances",
            "Delete instance with its buckets, users, policies and keys; 409 DeletionBlocked"
                + " (and the deletion waits) while a bucket's deletion_policy keeps data",
            Kinds.INSTANCE,
            this::deleteInstance));
    for (String[] child :
        new String[][] {
          {"buckets", "buckets", "bucket"},
          {"users", "s3users", "IAM user"},
          {"policies", "s3policies", "policy"}
        }) {
      String base = i + "/{id}/" + child[0];
      List<Field> fields = fieldsOf(child[1]);
      r.add(
          new Route(
              "POST",
              base,
              Op.CREATE,
              child[1],
              "Create " + child[2],
              fields,
              c -> createChild(c, child[1])));
      r.add(
          new Route(
              "GET",
              base,
              Op.LIST,
              child[1],
              "List " + child[0] + " (filters: name, status; pagination: limit, marker)",
              fields,
              c -> listChildren(c, child[1])));
      r.add(
          new Route(
              "GET",
              base + "/{name}",
              Op.GET,
              child[1],
              "Get " + child[2] + " (by id or name)",
              fields,
              c -> view(fields, etag(c, child(c, child[1])))));
      r.add(
          new Route(
              "PATCH",
              base + "/{name}",
              Op.UPDATE,
              child[1],
              "Update " + child[2],
              fields,
              c -> updateChild(c, child[1])));
      r.add(
          new Route(
              "PUT",
              base + "/{name}",
              Op.UPDATE,
              child[1],
              "Update " + child[2] + " (as PATCH)",
              fields,
              c -> updateChild(c, child[1])));
      r.add(
          new Route(
              "DELETE",
              base + "/{name}",
              Op.DELETE,
              child[1],
              "Delete "
                  + child[2]
                  + " (by id or name)"
                  + (child[1].equals("buckets")
                      ? "; 409 BucketNotEmpty (and the deletion waits) while it holds objects"
                          + " and its deletion_policy is DeleteIfEmpty"
                      : ""),
              fields,
              c -> deleteChild(c, child[1])));
    }
    for (String alias : List.of("access-keys", "keys")) {
      String base = i + "/{id}/users/{user}/" + alias;
      String note = alias.equals("keys") ? " (alias of access-keys, the Python plugin's path)" : "";
      r.add(
          new Route(
              "POST",
              base,
              Op.CREATE,
              "accesskeys",
              "Create key pair: the only answer that holds secret_key" + note,
              Kinds.ACCESS_KEY,
              this::createKey));
      r.add(
          new Route(
              "GET",
              base,
              Op.LIST,
              "accesskeys",
              "List keys (never with secrets)" + note,
              Kinds.ACCESS_KEY,
              this::listKeys));
      r.add(
          new Route(
              "GET",
              base + "/{key}",
              Op.GET,
              "accesskeys",
              "Get key (by id or access key)" + note,
              Kinds.ACCESS_KEY,
              c -> keyView(c, etag(c, key(c)))));
      r.add(
          new Route(
              "PATCH",
              base + "/{key}",
              Op.UPDATE,
              "accesskeys",
              "Enable or disable a key" + note,
              Kinds.ACCESS_KEY,
              this::updateKey));
      r.add(
          new Route(
              "PUT",
              base + "/{key}",
              Op.UPDATE,
              "accesskeys",
              "Enable or disable a key (as PATCH)" + note,
              Kinds.ACCESS_KEY,
              this::updateKey));
      r.add(
          new Route(
              "DELETE",
              base + "/{key}",
              Op.DELETE,
              "accesskeys",
              "Delete key" + note,
              Kinds.ACCESS_KEY,
              this::deleteKey));
    }
    return List.copyOf(r);
  }

  List<Route> routeTable() {
    return routes;
  }

  private static List<Field> fieldsOf(String plural) {
    return switch (plural) {
      case "s3instances" -> Kinds.INSTANCE;
      case "buckets" -> Kinds.BUCKET;
      case "s3users" -> Kinds.USER;
      case "s3policies" -> Kinds.POLICY;
      case "accesskeys" -> Kinds.ACCESS_KEY;
      default -> throw new IllegalArgumentException(plural);
    };
  }

  private ResourceType typeOf(String plural) {
    return switch (plural) {
      case "s3instances" -> instances;
      case "buckets" -> buckets;
      case "s3users" -> users;
      case "s3policies" -> policies;
      case "accesskeys" -> keys;
      default -> throw new IllegalArgumentException(plural);
    };
  }

  // ---------------------------------------------------------------- routing

  /** Serves a request under {@code /v1}; returns the verb for metrics. */
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

  private void authorize(Call c, Route r) {
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

  // ---------------------------------------------------------------- errors

  /** The facade's error body: {@code {code, type, message, field}}. */
  public static ObjectNode errorBody(ObjectMapper json, ApiException e) {
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
      ApiException.Cause c = e.causes().get(0);
      String field = c.field().equals("metadata.name") ? "name" : Kinds.fieldOf(fields, c.field());
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

  // ---------------------------------------------------------------- versions

  private Object listVersions(Call c) {
    ArrayNode a = json.createArrayNode();
    versions.all().forEach(v -> a.add(versionView(v)));
    return a;
  }

  private Object getVersion(Call c) {
    return versionView(
        versions
            .find(c.p("version"))
            .orElseThrow(() -> FacadeError.notFound("version " + c.p("version"))));
  }

  private ObjectNode versionView(VersionCatalog.Entry v) {
    ObjectNode o = json.createObjectNode();
    o.put("uuid", v.uuid())
        .put("name", v.name())
        .put("description", "s3aas data plane " + v.name())
        .put("image", v.image());
    return o;
  }

  // ---------------------------------------------------------------- instances

  private Object createInstance(Call c) {
    ObjectNode body = c.body();
    checkProject(c, body);
    ObjectNode target = newObject(instances, UUID.randomUUID().toString(), c.project);
    apply(Kinds.INSTANCE, body, target, null, c.caller);
    require(target, "spec.displayName", "name");
    require(target, "spec.version", "version");
    resolveVersion(target);
    if (target.at("/spec/nodes").asInt(1) >= 4) {
      target.withObjectProperty("spec").put("kind", "distributed");
    }
    String name = target.at("/spec/displayName").asText();
    ensureProject(c.project);
    ObjectNode stored =
        locked(
            "instances:" + c.project,
            () -> {
              requireUniqueName(c.project, name, null);
              return service.create(instances, c.project, target, WriteOptions.DEFAULT).object();
            });
    return new Answer(201, view(Kinds.INSTANCE, stored));
  }

  private Object listInstances(Call c) {
    return page(c, Kinds.INSTANCE, all(instances, c.project));
  }

  private Object updateInstance(Call c) {
    ObjectNode body = c.body();
    checkProject(c, body);
    if (body.has("name") && !body.get("name").isTextual()) {
      throw FacadeError.badRequest("name", "name must be a non-empty string");
    }
    return guaranteedUpdate(c, () -> updateInstanceOnce(c, body.deepCopy()));
  }

  private Object updateInstanceOnce(Call c, ObjectNode body) {
    ObjectNode current = precondition(c, instance(c));
    ObjectNode target = current.deepCopy();
    apply(Kinds.INSTANCE, body, target, current, c.caller);
    String before = Kinds.named(Kinds.INSTANCE, "name").reader().apply(current).asText();
    JsonNode after = Kinds.named(Kinds.INSTANCE, "name").reader().apply(target);
    WriteOptions options =
        new WriteOptions(
            false, "Warn", AccessRules.guard(c.caller, S3Instance.GROUP, "s3instances"));
    ResourceKey key = new ResourceKey(instances, c.project, current.at("/metadata/name").asText());
    ObjectNode stored;
    if (!after.asText().equals(before)) {
      stored =
          locked(
              "instances:" + c.project,
              () -> {
                requireUniqueName(c.project, after.asText(), key.name());
                return service.update(key, target, options, false).object();
              });
    } else {
      stored = service.update(key, target, options, false).object();
    }
    return view(Kinds.INSTANCE, etag(c, stored));
  }

  /**
   * Deletes the instance; the operator deletes its children once no bucket keeps data (its
   * DeletionGate). Answers 409 DeletionBlocked when the operator says at once that a bucket's
   * deletion_policy keeps the nodes (the deletion then waits and finishes by itself), else 204.
   */
  private Object deleteInstance(Call c) {
    ObjectNode inst = instance(c);
    ResourceKey key = new ResourceKey(instances, c.project, inst.at("/metadata/name").asText());
    ObjectNode deleting = service.delete(key, null, false);
    Optional<ObjectNode> verdict =
        awaitVerdict(
            key,
            deleting,
            o ->
                Kinds.phase(o).equals("DELETING")
                    && Set.of("Deleting", DELETION_BLOCKED).contains(Kinds.readyReason(o)));
    if (verdict.isPresent() && DELETION_BLOCKED.equals(Kinds.readyReason(verdict.get()))) {
      throw new FacadeError(409, DELETION_BLOCKED, Kinds.readyMessage(verdict.get()), null);
    }
    return new Answer(204, null);
  }

  /**
   * The instance of {@code {id}}: by id, else by its name; 404 otherwise (also for other projects).
   */
  private ObjectNode instance(Call c) {
    String id = c.p("id");
    try {
      return service.get(new ResourceKey(instances, c.project, id));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    for (ObjectNode o : all(instances, c.project)) {
      if (id.equals(o.at("/spec/displayName").asText(null))) {
        return o;
      }
    }
    throw FacadeError.notFound("instance " + id);
  }

  private void requireUniqueName(String project, String name, @Nullable String exceptId) {
    for (ObjectNode o : all(instances, project)) {
      String id = o.at("/metadata/name").asText();
      String n = o.at("/spec/displayName").asText(id);
      if (n.equals(name) && !id.equals(exceptId)) {
        throw FacadeError.conflict(
            "an instance named \"" + name + "\" already exists in this project", "name");
      }
    }
  }

  private void resolveVersion(ObjectNode target) {
    String v = target.at("/spec/version").asText();
    String ref =
        v.startsWith(BASE + "/versions/")
            ? v.substring((BASE + "/versions/").length()).replaceAll("/+$", "")
            : v;
    VersionCatalog.Entry e =
        versions
            .find(ref)
            .orElseThrow(
                () ->
                    FacadeError.badRequest(
                        "version", "unknown version \"" + v + "\"; see GET " + BASE + "/versions"));
    target.withObjectProperty("spec").put("version", e.name());
  }

  // ---------------------------------------------------------------- buckets, users, policies

  private Object createChild(Call c, String plural) {
    ResourceType type = typeOf(plural);
    List<Field> fields = fieldsOf(plural);
    String instanceId = instance(c).at("/metadata/name").asText();
    ObjectNode body = c.body();
    checkProject(c, body);
    checkParent(body, "instance", instanceId, BASE + "/instances/");
    JsonNode nameNode = body.remove("name");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
      throw FacadeError.badRequest("name", "name is required");
    }
    String name = nameNode.asText();
    if (!plural.equals("buckets") && !CHILD_NAME.matcher(name).matches()) {
      throw FacadeError.badRequest(
          "name",
          "name must be lowercase letters, digits and '-' (at most 63), not \"" + name + "\"");
    }
    String badBucketName = plural.equals("buckets") ? BucketNames.invalidValue(name) : null;
    if (badBucketName != null) { // before the object name it is part of is checked
      throw FacadeError.badRequest("name", "name: " + badBucketName);
    }
    ObjectNode target = newObject(type, instanceId + "." + name, c.project);
    target.withObjectProperty("spec").put("instanceRef", instanceId);
    if (plural.equals("buckets")) {
      target.withObjectProperty("spec").put("bucketName", name);
    }
    if (plural.equals("s3policies") && !body.has("content") && body.has("document")) {
      body.set("content", body.remove("document"));
    }
    apply(fields, body, target, null, c.caller);
    if (plural.equals("s3users")) {
      mapPolicies(c.project, instanceId, target);
    }
    if (plural.equals("s3policies")) {
      require(target, "spec.document", "content");
    }
    ObjectNode stored =
        locked(
            plural + ":" + c.project + "/" + instanceId,
            () -> {
              for (ObjectNode o : children(type, c.project, instanceId)) {
                if (Kinds.named(fields, "name").reader().apply(o).asText().equals(name)) {
                  throw FacadeError.conflict(
                      singular(plural) + " \"" + name + "\" already exists on this instance",
                      "name");
                }
              }
              return service.create(type, c.project, target, WriteOptions.DEFAULT).object();
            });
    return new Answer(201, view(fields, stored));
  }

  private Object listChildren(Call c, String plural) {
    String instanceId = instance(c).at("/metadata/name").asText();
    return page(c, fieldsOf(plural), children(typeOf(plural), c.project, instanceId));
  }

  private Object updateChild(Call c, String plural) {
    ObjectNode body = c.body();
    return guaranteedUpdate(c, () -> updateChildOnce(c, plural, body.deepCopy()));
  }

  private Object updateChildOnce(Call c, String plural, ObjectNode body) {
    ResourceType type = typeOf(plural);
    List<Field> fields = fieldsOf(plural);
    ObjectNode current = precondition(c, child(c, plural));
    checkProject(c, body);
    checkParent(body, "instance", current.at("/spec/instanceRef").asText(), BASE + "/instances/");
    if (plural.equals("s3policies") && !body.has("content") && body.has("document")) {
      body.set("content", body.remove("document"));
    }
    ObjectNode target = current.deepCopy();
    apply(fields, body, target, current, c.caller);
    if (plural.equals("s3users")) {
      mapPolicies(c.project, current.at("/spec/instanceRef").asText(), target);
    }
    ResourceKey key = new ResourceKey(type, c.project, current.at("/metadata/name").asText());
    return view(fields, etag(c, service.update(key, target, WriteOptions.DEFAULT, false).object()));
  }

  private Object deleteChild(Call c, String plural) {
    ObjectNode current = child(c, plural);
    String id = current.at("/metadata/name").asText();
    if (plural.equals("s3users")) {
      for (ObjectNode k : all(keys, c.project)) {
        if (id.equals(k.at("/spec/userRef").asText())) {
          deleteKeyObject(c.project, k);
        }
      }
    }
    ResourceKey key = new ResourceKey(typeOf(plural), c.project, id);
    ObjectNode deleting = service.delete(key, null, false);
    if (plural.equals("buckets")) {
      // the operator asks the node at once; a bucket its policy keeps is refused in so many words
      Optional<ObjectNode> verdict =
          awaitVerdict(key, deleting, o -> Kinds.phase(o).equals("DELETING"));
      if (verdict.isPresent() && BUCKET_NOT_EMPTY.equals(Kinds.readyReason(verdict.get()))) {
        throw new FacadeError(
            409,
            BUCKET_NOT_EMPTY,
            "bucket "
                + Kinds.childName(verdict.get())
                + " holds objects and its deletion_policy is DeleteIfEmpty: it is kept (status"
                + " DELETING) and deleted by itself once empty; or PATCH deletion_policy to Delete"
                + " (delete it with its objects) or Retain (keep them on the node)",
            "deletion_policy");
      }
    }
    return new Answer(204, null);
  }

  /**
   * After a DELETE of an object with finalizers: waits (at most {@link #VERDICT_WAIT}) for its
   * controller to say what happens, i.e. for {@code decided}; empty when the object is gone or no
   * verdict came in time (its status and GET then say why it waits).
   */
  private Optional<ObjectNode> awaitVerdict(
      ResourceKey key, ObjectNode deleting, Predicate<ObjectNode> decided) {
    if (!deleting.path("metadata").hasNonNull("deletionTimestamp")
        || deleting.path("metadata").path("finalizers").isEmpty()) {
      return Optional.empty(); // removed at once
    }
    long deadline = System.nanoTime() + VERDICT_WAIT.toNanos();
    while (true) {
      ObjectNode o;
      try {
        o = service.get(key);
      } catch (ApiException e) {
        if (e.code() == 404) {
          return Optional.empty();
        }
        throw e;
      }
      if (decided.test(o)) {
        return Optional.of(o);
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(VERDICT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** A child of the instance of {@code {id}}, by id or name. */
  private ObjectNode child(Call c, String plural) {
    String instanceId = instance(c).at("/metadata/name").asText();
    String ref = c.p(plural.equals("s3users") && c.params.containsKey("user") ? "user" : "name");
    return findChild(typeOf(plural), fieldsOf(plural), c.project, instanceId, ref)
        .orElseThrow(() -> FacadeError.notFound(singular(plural) + " " + ref));
  }

  private java.util.Optional<ObjectNode> findChild(
      ResourceType type, List<Field> fields, String project, String instanceId, String ref) {
    try {
      ObjectNode o = service.get(new ResourceKey(type, project, ref));
      if (instanceId.equals(o.at("/spec/instanceRef").asText())) {
        return java.util.Optional.of(o);
      }
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    for (ObjectNode o : children(type, project, instanceId)) {
      if (ref.equals(Kinds.named(fields, "name").reader().apply(o).asText())) {
        return java.util.Optional.of(o);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * A user's policy names: canned ones as they are, this instance's policies by their
   * metadata.name.
   */
  private void mapPolicies(String project, String instanceId, ObjectNode target) {
    JsonNode list = target.at("/spec/policies");
    if (!list.isArray()) {
      return;
    }
    ArrayNode mapped = json.createArrayNode();
    for (JsonNode p : list) {
      if (!p.isTextual()) {
        throw FacadeError.badRequest("policies", "policies must be a list of names");
      }
      String n = p.asText();
      if (CANNED.contains(n)) {
        mapped.add(n);
        continue;
      }
      ObjectNode policy =
          findChild(policies, Kinds.POLICY, project, instanceId, n)
              .orElseThrow(
                  () ->
                      FacadeError.badRequest(
                          "policies",
                          "no policy \""
                              + n
                              + "\" on this instance (canned: "
                              + String.join(", ", new java.util.TreeSet<>(CANNED))
                              + ")"));
      mapped.add(policy.at("/metadata/name").asText());
    }
    target.withObjectProperty("spec").set("policies", mapped);
  }

  // ---------------------------------------------------------------- access keys

  private ObjectNode user(Call c) {
    String instanceId = instance(c).at("/metadata/name").asText();
    return findChild(users, Kinds.USER, c.project, instanceId, c.p("user"))
        .orElseThrow(() -> FacadeError.notFound("user " + c.p("user")));
  }

  private Object createKey(Call c) {
    ObjectNode user = user(c);
    String userId = user.at("/metadata/name").asText();
    ObjectNode body = c.body(json.createObjectNode()); // no body: generate everything, as {} does
    checkProject(c, body);
    checkParent(body, "instance", user.at("/spec/instanceRef").asText(), BASE + "/instances/");
    checkParent(
        body,
        "user",
        userId,
        BASE + "/instances/" + user.at("/spec/instanceRef").asText() + "/users/");
    JsonNode secretNode = body.remove("secret_key");
    String secret;
    if (secretNode == null || secretNode.isNull()) {
      secret = random(SECRET_CHARS, 40);
    } else if (!secretNode.isTextual()
        || secretNode.asText().length() < 10
        || secretNode.asText().length() > 256) {
      throw FacadeError.badRequest(
          "secret_key", "secret_key must be a string of 10 to 256 characters");
    } else {
      secret = secretNode.asText();
    }
    String accessKey = random(KEY_CHARS, 20);
    String id = accessKey.toLowerCase(Locale.ROOT);
    ObjectNode target = newObject(keys, id, c.project);
    target
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put(Kinds.ACCESS_KEY_LABEL, accessKey);
    target.withObjectProperty("spec").put("userRef", userId);
    apply(Kinds.ACCESS_KEY, body, target, null, c.caller);
    String secretName = "s3aas-key-" + id;
    target.withObjectProperty("spec").putObject("secretRef").put("name", secretName);
    ObjectNode s = newObject(secrets, secretName, c.project);
    s.withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("s3aas.exordos.io/access-key", id);
    s.put("type", "Opaque");
    ObjectNode data = s.putObject("data");
    data.put("accessKeyId", b64(accessKey));
    data.put("secretAccessKey", b64(secret));
    service.create(secrets, c.project, s, WriteOptions.DEFAULT);
    ObjectNode stored;
    try {
      stored = service.create(keys, c.project, target, WriteOptions.DEFAULT).object();
    } catch (RuntimeException e) {
      deleteQuietly(new ResourceKey(secrets, c.project, secretName));
      throw e;
    }
    ObjectNode v = keyView(c, stored);
    v.put("secret_key", secret);
    return new Answer(201, v);
  }

  private Object listKeys(Call c) {
    String userId = user(c).at("/metadata/name").asText();
    List<ObjectNode> mine =
        all(keys, c.project).stream()
            .filter(k -> userId.equals(k.at("/spec/userRef").asText()))
            .toList();
    Object page = page(c, Kinds.ACCESS_KEY, mine);
    if (page instanceof ArrayNode a) {
      a.forEach(v -> ((ObjectNode) v).put("instance", c.p("id")));
    }
    return page;
  }

  private ObjectNode key(Call c) {
    String userId = user(c).at("/metadata/name").asText();
    String ref = c.p("key");
    for (ObjectNode k : all(keys, c.project)) {
      if (!userId.equals(k.at("/spec/userRef").asText())) {
        continue;
      }
      JsonNode ak = Kinds.accessKeyId(k);
      if (ref.equals(k.at("/metadata/name").asText()) || (ak != null && ref.equals(ak.asText()))) {
        return k;
      }
    }
    throw FacadeError.notFound("access key " + ref);
  }

  private ObjectNode keyView(Call c, ObjectNode k) {
    ObjectNode v = view(Kinds.ACCESS_KEY, k);
    v.put("instance", instance(c).at("/metadata/name").asText());
    return v;
  }

  private Object updateKey(Call c) {
    ObjectNode body = c.body();
    return guaranteedUpdate(c, () -> updateKeyOnce(c, body.deepCopy()));
  }

  private Object updateKeyOnce(Call c, ObjectNode body) {
    ObjectNode current = precondition(c, key(c));
    checkProject(c, body);
    body.remove("instance");
    ObjectNode target = current.deepCopy();
    apply(Kinds.ACCESS_KEY, body, target, current, c.caller);
    ResourceKey k = new ResourceKey(keys, c.project, current.at("/metadata/name").asText());
    return keyView(c, etag(c, service.update(k, target, WriteOptions.DEFAULT, false).object()));
  }

  private Object deleteKey(Call c) {
    deleteKeyObject(c.project, key(c));
    return new Answer(204, null);
  }

  /** Deletes an AccessKey, then the credentials Secret the facade made for it. */
  private void deleteKeyObject(String project, ObjectNode k) {
    service.delete(new ResourceKey(keys, project, k.at("/metadata/name").asText()), null, false);
    String secretName = k.at("/spec/secretRef/name").asText("");
    if (secretName.equals("s3aas-key-" + k.at("/metadata/name").asText())) {
      deleteQuietly(new ResourceKey(secrets, project, secretName));
    }
  }

  // ---------------------------------------------------------------- shared

  /**
   * kube-apiserver's guaranteed update: a read-modify-write that lost a race with another writer
   * (the operator writing status) is read and applied again, so a request that asked for no
   * precondition never sees 409. With {@code If-Match} the client asked for one: its conflict is
   * answered.
   */
  private Object guaranteedUpdate(Call c, Supplier<Object> attempt) {
    long deadline = System.nanoTime() + UPDATE_PATIENCE.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (ApiException e) {
        boolean lostRace =
            e.code() == 409 && e.reason().equals("Conflict") && !(e instanceof FacadeError);
        if (!lostRace || ifMatch(c) != null || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** The resourceVersion an {@code If-Match} header asks for (quotes and W/ dropped), or null. */
  private static @Nullable String ifMatch(Call c) {
    String h = c.ex.header("If-Match");
    if (h == null || h.isBlank() || h.trim().equals("*")) {
      return null;
    }
    return h.trim().replaceFirst("^W/", "").replace("\"", "");
  }

  /**
   * Refuses an update whose {@code If-Match} names another version than the current one; the object
   * is then written with its current resourceVersion, so a race is a 409 too.
   */
  private static ObjectNode precondition(Call c, ObjectNode current) {
    String want = ifMatch(c);
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
  private static ObjectNode etag(Call c, ObjectNode o) {
    c.ex.setHeader("ETag", "\"" + o.at("/metadata/resourceVersion").asText() + "\"");
    return o;
  }

  private ObjectNode newObject(ResourceType type, String name, String project) {
    ObjectNode o = json.createObjectNode();
    o.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    o.putObject("metadata").put("name", name).put("namespace", project);
    if (type.custom()) {
      o.putObject("spec");
    }
    return o;
  }

  /**
   * Applies a request body to {@code target} through the field list: unknown fields, read-only
   * fields, changed immutable fields, type mismatches and (for operators) owner-only fields are
   * refused, each naming the field. {@code current} is null on create.
   */
  private static void apply(
      List<Field> fields,
      ObjectNode body,
      ObjectNode target,
      @Nullable ObjectNode current,
      Principal caller) {
    ObjectNode currentView = current == null ? null : view(fields, current);
    Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (name.equals("project_id")) {
        continue;
      }
      Field f = Kinds.find(fields, name);
      if (f == null) {
        throw FacadeError.badRequest(name, "unknown field " + name);
      }
      boolean unchanged = currentView != null && value.equals(currentView.get(name));
      if (f.access() == READ_ONLY) {
        if (current == null) {
          throw FacadeError.readOnly(name);
        }
        if (!unchanged) {
          throw FacadeError.readOnly(name);
        }
        continue;
      }
      if (f.access() == IMMUTABLE && current != null) {
        if (!unchanged) {
          throw FacadeError.immutable(name);
        }
        continue;
      }
      if (f.access() == WRITE_ONCE && current != null) {
        throw FacadeError.readOnly(name);
      }
      if (!f.accepts(value)) {
        throw FacadeError.badRequest(
            name,
            name + " must be " + (f.access() == MUTABLE ? "a" : "a non-null") + " " + f.type());
      }
      if (current != null && unchanged) {
        continue;
      }
      if (current != null && f.ownerOnly() && !caller.admin() && caller.role() != Role.OWNER) {
        throw FacadeError.forbidden("only a project owner may change " + name, name);
      }
      var writer = f.writer();
      if (f.modelPath() != null && writer != null) {
        writer.accept(target, value);
      }
    }
  }

  private static void require(ObjectNode target, String path, String field) {
    if (Field.at(target, path) == null) {
      throw FacadeError.badRequest(field, field + " is required");
    }
  }

  private static void checkProject(Call c, ObjectNode body) {
    JsonNode p = body.get("project_id");
    if (p != null && !p.isNull() && !p.asText().equals(c.project)) {
      throw FacadeError.forbidden("project_id differs from the project of the token", "project_id");
    }
  }

  /** A Python client may repeat the parent (id or its /v1/... URL); a different one is refused. */
  private static void checkParent(ObjectNode body, String field, String id, String urlPrefix) {
    JsonNode v = body.remove(field);
    if (v != null
        && !v.isNull()
        && !v.asText().equals(id)
        && !v.asText().replaceAll("/+$", "").equals(urlPrefix + id)) {
      throw FacadeError.badRequest(field, field + " does not match the path");
    }
  }

  private List<ObjectNode> all(ResourceType type, String project) {
    return service.list(type, project, Selector.ALL, 0, null).items();
  }

  private List<ObjectNode> children(ResourceType type, String project, String instanceId) {
    return all(type, project).stream()
        .filter(o -> instanceId.equals(o.at("/spec/instanceRef").asText()))
        .toList();
  }

  /**
   * A list answer: filters {@code name}, {@code status}; {@code limit} and {@code marker} (the last
   * id seen).
   */
  private Object page(Call c, List<Field> fields, List<ObjectNode> objects) {
    String name = c.ex.query("name");
    String status = c.ex.query("status");
    int limit = 0;
    String l = c.ex.query("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        throw FacadeError.badRequest("limit", "limit must be a non-negative integer");
      }
    }
    String marker = c.ex.query("marker");
    List<ObjectNode> views = new ArrayList<>();
    for (ObjectNode o : objects) {
      ObjectNode v = view(fields, o);
      if (name != null && !name.equals(v.path("name").asText())) {
        continue;
      }
      if (status != null && !status.equalsIgnoreCase(v.path("status").asText())) {
        continue;
      }
      views.add(v);
    }
    views.sort(
        Comparator.comparing((ObjectNode v) -> v.path("created_at").asText())
            .thenComparing(v -> v.path("id").asText()));
    int from = 0;
    if (marker != null && !marker.isEmpty()) {
      from = -1;
      for (int k = 0; k < views.size(); k++) {
        if (views.get(k).path("id").asText().equals(marker)) {
          from = k + 1;
        }
      }
      if (from < 0) {
        throw FacadeError.badRequest("marker", "marker is not an id of this list");
      }
    }
    int to = limit == 0 ? views.size() : Math.min(views.size(), from + limit);
    ArrayNode a = json.createArrayNode();
    views.subList(Math.min(from, views.size()), to).forEach(a::add);
    if (to < views.size() && to > 0) {
      c.ex.setHeader("X-Next-Marker", views.get(to - 1).path("id").asText());
    }
    return a;
  }

  private static ObjectNode view(List<Field> fields, ObjectNode o) {
    return Kinds.view(fields, o);
  }

  /** A MetaPaaS project needs no setup: its namespace is made with its first instance. */
  private void ensureProject(String project) {
    ResourceType namespaces = service.registry().find("", "v1", "namespaces").orElseThrow();
    try {
      service.get(new ResourceKey(namespaces, "", project));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
      ObjectNode ns = json.createObjectNode();
      ns.putObject("metadata").put("name", project);
      try {
        service.create(namespaces, "", ns, WriteOptions.DEFAULT);
      } catch (ApiException e2) {
        if (e2.code() != 409) {
          throw new FacadeError(
              400,
              "ValidationError",
              "project " + project + " cannot be a namespace: " + e2.getMessage(),
              "project_id");
        }
      }
    }
  }

  private void deleteQuietly(ResourceKey key) {
    try {
      service.delete(key, null, false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /**
   * Runs a check-then-create under a PostgreSQL advisory lock held by a transaction of its own, so
   * name uniqueness holds across replicas (the create commits before the lock is released).
   */
  private <T> T locked(String scope, Supplier<T> action) {
    long lock =
        UUID.nameUUIDFromBytes(("s3aas-facade:" + scope).getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();
    return db.transactionResult(
        cfg -> {
          DSL.using(cfg).execute("select pg_advisory_xact_lock(?)", lock);
          return action.get();
        });
  }

  private static String singular(String plural) {
    return switch (plural) {
      case "buckets" -> "bucket";
      case "s3users" -> "user";
      case "s3policies" -> "policy";
      default -> plural;
    };
  }

  private static String random(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int k = 0; k < n; k++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
