package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.Errors;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.db.DatabaseUnavailable;
import io.exordos.s3aas.server.iam.Iam;
import io.exordos.s3aas.server.iam.Principal;
import io.exordos.s3aas.server.protobuf.KubernetesProtobuf;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.watch.WatchHub;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request of the Kubernetes-compatible API: health, discovery, OpenAPI, the
 * authorization reviews clients ask for, and the resource paths; hands the paths of a {@link
 * FrontDoor} (the MetaPaaS facade) to it. Authenticates first, turns every refusal into a {@code
 * Status} (or the front door's error body), counts and times each request, and logs one line per
 * request.
 */
public final class ApiHandler extends Handler.Abstract {
  private static final Logger ACCESS = LoggerFactory.getLogger("s3aas.access");
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final ObjectMapper json;
  private final ResourceRegistry registry;
  private final Iam iam;

  /**
   * How long a connection may stay silent before it is closed (set on the connector, see {@code
   * S3aasServer}); a watch lifts it for its own connection while it streams.
   */
  public static final long IDLE_TIMEOUT_MS = 10_000;

  private final Map<String, FrontDoor> frontDoors;
  private final PrometheusMeterRegistry metrics;
  private final Map<TimerKey, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<java.util.function.Supplier<String>> metricsSources =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final BooleanSupplier ready;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final OpenApiV2Endpoint openApiV2;
  private final ResourceEndpoint resources;
  private final KubernetesProtobuf protobuf;

  public ApiHandler(
      ObjectMapper json,
      ResourceService service,
      WatchHub hub,
      Iam iam,
      List<FrontDoor> frontDoors,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    this.json = json;
    this.registry = service.registry();
    this.iam = iam;
    this.frontDoors =
        frontDoors.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(FrontDoor::pathSegment, d -> d));
    this.metrics = metrics;
    this.ready = ready;
    this.discovery = new Discovery(json, registry);
    this.openApi = new OpenApi(json, registry);
    this.openApiV2 = new OpenApiV2Endpoint(json, openApi.schemas());
    this.resources = new ResourceEndpoint(service, hub, json);
    this.protobuf = new KubernetesProtobuf(json);
    metrics.gauge("s3aas_watchers", hub, WatchHub::watcherCount);
  }

  /**
   * Adds series in the Prometheus text format to {@code /metrics}: the operator's, when it runs in
   * the same process ({@code s3aas up}).
   */
  public void addMetricsSource(java.util.function.Supplier<String> source) {
    metricsSources.add(source);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, json, protobuf);
    long start = System.nanoTime();
    String verb = "unknown";
    try {
      verb = route(ex);
    } catch (ApiException e) {
      respondError(ex, e);
    } catch (RuntimeException e) {
      if (DatabaseUnavailable.is(e)) {
        LOG.warn(
            "request {} {}: the database is unreachable: {}",
            ex.method(),
            ex.rawPath(),
            e.toString());
        ex.addHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        respondError(ex, DatabaseUnavailable.answer());
      } else {
        LOG.error("request {} {} failed", ex.method(), ex.rawPath(), e);
        respondError(
            ex,
            new ApiException(
                500, "InternalError", "an internal error occurred; see the server log"));
      }
    } catch (IOException e) {
      // The client went away mid-response (typical at the end of a watch): nothing to answer.
      LOG.debug("client connection closed: {}", e.toString());
    }
    long nanos = System.nanoTime() - start;
    timer(verb, ex.status()).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    // asked first: otherwise a disabled line (S3AAS_ACCESS_LOG=WARN) still builds its arguments
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info(
          "method={} path={} code={} ms={} user={}",
          ex.method(),
          ex.rawPath(),
          ex.status(),
          nanos / 1_000_000,
          ex.principal());
    }
    callback.succeeded();
    return true;
  }

  private record TimerKey(String verb, int code) {}

  /**
   * The request timer of one verb and code, kept here: Micrometer's builder makes a meter id (its
   * tags sorted) and looks it up in the registry on every {@code register}, i.e. on every request.
   */
  private Timer timer(String verb, int code) {
    return timers.computeIfAbsent(
        new TimerKey(verb, code),
        k ->
            Timer.builder("s3aas_http_requests")
                .tag("verb", k.verb())
                .tag("code", Integer.toString(k.code()))
                .register(metrics));
  }

  private void respondError(Exchange ex, ApiException e) {
    try {
      FrontDoor door = frontDoors.get(ex.path().get(0));
      ex.sendJson(e.code(), door != null ? door.errorBody(e) : StatusObjects.failure(json, e));
    } catch (IOException | IllegalStateException ignored) {
      // response already committed or client gone
    }
  }

  /**
   * Refuses a path that decodes to something other than what it spells (an encoded '/' or '.', a
   * '..' segment, a control character), as Jetty would by default, but here, where the unread body
   * is drained first so that the connection stays usable (see S3aasServer's UriCompliance).
   */
  private static void refuseAmbiguousPath(Exchange ex) {
    List<String> problems = ex.pathViolations();
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          "the request path is ambiguous ("
              + String.join(", ", problems)
              + "): "
              + ex.encodedPath());
    }
  }

  /** Dispatches and returns the verb, for metrics. */
  private String route(Exchange ex) throws IOException {
    refuseAmbiguousPath(ex);
    List<String> p = ex.path();
    String first = p.get(0);
    switch (first) {
      case "healthz", "livez" -> {
        readOnly(ex);
        ex.sendText(200, "text/plain", "ok");
        return "health";
      }
      case "readyz" -> {
        readOnly(ex);
        boolean ok = ready.getAsBoolean();
        ex.sendText(ok ? 200 : 503, "text/plain", ok ? "ok" : "not ready");
        return "health";
      }
      default -> {}
    }
    authenticate(ex);
    FrontDoor door = frontDoors.get(first);
    if (door != null) {
      return door.handle(ex);
    }
    switch (first) {
      case "metrics" -> {
        if (!ex.caller().admin()) {
          throw new ApiException(
              403,
              "Forbidden",
              "forbidden: User \"" + ex.caller().name() + "\" cannot get path \"/metrics\"");
        }
        readOnly(ex);
        StringBuilder text = new StringBuilder(metrics.scrape());
        metricsSources.forEach(s -> text.append(s.get()));
        ex.sendText(200, "text/plain; version=0.0.4", text.toString());
        return "metrics";
      }
      case "version" -> {
        readOnly(ex);
        ex.sendJson(200, discovery.version());
        return "discovery";
      }
      case "openapi" -> {
        readOnly(ex);
        openApi(ex, p);
        return "openapi";
      }
      case "api" -> {
        return core(ex, p);
      }
      case "apis" -> {
        return groups(ex, p);
      }
      default ->
          throw new ApiException(
              404, "NotFound", "the server could not find the requested resource");
    }
  }

  /**
   * Discovery, OpenAPI, health and metrics are read-only: another method is refused with 405, as
   * kube-apiserver's routes refuse it, instead of being answered as if it were a GET.
   */
  private static void readOnly(Exchange ex) {
    String method = ex.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ApiException.methodNotAllowed(
          method + " is not allowed on " + ex.encodedPath() + "; it is served to GET only");
    }
  }

  private void authenticate(Exchange ex) {
    String header = ex.header("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    Optional<Principal> who = iam.authenticate(token);
    if (who.isEmpty()) {
      throw new ApiException(
          401,
          "Unauthorized",
          "Unauthorized: a valid bearer token is required (see the kubeconfig written by s3aas up)");
    }
    ex.setPrincipal(who.get());
    ex.setStillValid(() -> iam.authenticate(token).isPresent());
  }

  private void openApi(Exchange ex, List<String> p) throws IOException {
    if (p.size() == 2 && p.get(1).equals("v2")) {
      openApiV2.send(ex);
      return;
    }
    if (p.size() == 2 && p.get(1).equals("v3")) {
      ex.sendJson(200, openApi.index());
      return;
    }
    if (p.size() > 2 && p.get(1).equals("v3")) {
      ObjectNode doc = openApi.document(String.join("/", p.subList(2, p.size())));
      if (doc != null) {
        ex.sendJson(200, doc);
        return;
      }
    }
    throw new ApiException(404, "NotFound", "no OpenAPI document at " + ex.rawPath());
  }

  private String core(Exchange ex, List<String> p) throws IOException {
    if (p.size() == 1) {
      readOnly(ex);
      ex.sendJson(200, discovery.coreVersions());
      return "discovery";
    }
    if (!p.get(1).equals("v1")) {
      throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }
    if (p.size() == 2) {
      readOnly(ex);
      ex.sendJson(
          200,
          Objects.requireNonNull(discovery.resources("v1"), "the core group v1 is always served"));
      return "discovery";
    }
    return resource(ex, "", "v1", p.subList(2, p.size()));
  }

  private String groups(Exchange ex, List<String> p) throws IOException {
    if (p.size() == 1) {
      readOnly(ex);
      ex.sendJson(200, discovery.groups());
      return "discovery";
    }
    String group = p.get(1);
    if (p.size() == 2) {
      String gv =
          discovery.groupVersions().stream()
              .filter(v -> v.startsWith(group + "/"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ApiException(
                          404, "NotFound", "the server could not find the requested resource"));
      readOnly(ex);
      ex.sendJson(200, discovery.group(gv));
      return "discovery";
    }
    String gv = group + "/" + p.get(2);
    if (p.size() == 3) {
      ObjectNode list = discovery.resources(gv);
      if (list == null) {
        throw new ApiException(404, "NotFound", "the server could not find the requested resource");
      }
      readOnly(ex);
      ex.sendJson(200, list);
      return "discovery";
    }
    if (gv.equals("authentication.k8s.io/v1") && p.get(3).equals("selfsubjectreviews")) {
      if (!ex.method().equals("POST") || p.size() != 4) {
        throw ApiException.methodNotAllowed("a SelfSubjectReview is created with POST");
      }
      // the request carries nothing to read (kubectl auth whoami sends it protobuf-encoded)
      ex.sendJson(201, WhoAmI.review(json, ex.caller()));
      return "review";
    }
    if (gv.equals("authorization.k8s.io/v1")) {
      reviews(ex, p.get(3));
      return "review";
    }
    if (gv.equals("apiextensions.k8s.io/v1") && p.get(3).equals("customresourcedefinitions")) {
      crds(ex, p);
      return "get";
    }
    return resource(ex, group, p.get(2), p.subList(3, p.size()));
  }

  /** Resource paths below {@code /api/v1} or {@code /apis/g/v}. */
  private String resource(Exchange ex, String group, String version, List<String> rest)
      throws IOException {
    String namespace = null;
    List<String> r = rest;
    if (r.get(0).equals("namespaces")
        && r.size() >= 3
        && !(group.isEmpty() && r.size() == 3 && r.get(2).equals("status"))) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    ResourceType type =
        registry
            .find(group, version, r.get(0))
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "NotFound", "the server could not find the requested resource"));
    if (namespace != null && !type.namespaced()) {
      throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }
    if (r.size() == 1) {
      authorize(ex, type, namespace, null, false);
      resources.collection(ex, type, namespace);
      return ex.queryFlag("watch") ? "watch" : ex.method().equals("GET") ? "list" : "create";
    }
    if (type.namespaced() && namespace == null) {
      throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }
    boolean status = r.size() == 3 && r.get(2).equals("status");
    if (r.size() > 3 || (r.size() == 3 && !status) || (status && !type.statusSubresource())) {
      throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }
    authorize(ex, type, namespace, r.get(1), status);
    resources.item(ex, new ResourceKey(type, namespace == null ? "" : namespace, r.get(1)), status);
    return ex.method().toLowerCase(java.util.Locale.ROOT) + (status ? "-status" : "");
  }

  /**
   * The role check of the resource API (docs/IAM.md): a project member acts only in the namespace
   * of its project, and what is refused is a 403 Status, as kube-apiserver's RBAC answers (the
   * MetaPaaS facade answers 404 for foreign ids instead). Writes carry the field-level rule.
   */
  private void authorize(
      Exchange ex,
      ResourceType type,
      @Nullable String namespace,
      @Nullable String name,
      boolean status) {
    String verb =
        switch (ex.method()) {
          case "GET" -> name == null ? (ex.queryFlag("watch") ? "watch" : "list") : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> ex.method().toLowerCase(java.util.Locale.ROOT);
        };
    iam.authorize(ex.caller(), verb, type, namespace, name, status);
    if (!status) {
      ex.setWriteGuard(
          io.exordos.s3aas.server.iam.AccessRules.guard(ex.caller(), type.group(), type.plural()));
    }
  }

  /** Self-subject reviews: what the caller's roles really allow (see {@link Iam}). */
  private void reviews(Exchange ex, String resource) throws IOException {
    if (!ex.method().equals("POST")) {
      throw ApiException.methodNotAllowed("reviews are created with POST");
    }
    JsonNode body = ex.readJson(false);
    ObjectNode answer =
        switch (resource) {
          case "selfsubjectrulesreviews" -> iam.rulesReview(ex.caller(), body, json);
          case "selfsubjectaccessreviews" -> iam.accessReview(ex.caller(), body);
          default ->
              throw new ApiException(
                  404, "NotFound", "the server could not find the requested resource");
        };
    ex.sendJson(201, answer);
  }

  private void crds(Exchange ex, List<String> p) throws IOException {
    if (!ex.method().equals("GET")) {
      throw ApiException.methodNotAllowed(
          "CustomResourceDefinitions are built into this server and read-only");
    }
    if (p.size() == 4) {
      ObjectNode list = json.createObjectNode();
      list.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinitionList");
      list.putObject("metadata");
      ArrayNode items = list.putArray("items");
      registry.crds().values().forEach(items::add);
      ex.sendJson(200, list);
      return;
    }
    JsonNode crd = registry.crds().get(p.get(4));
    if (crd == null) {
      throw new ApiException(
          404,
          "NotFound",
          "customresourcedefinitions.apiextensions.k8s.io \"" + p.get(4) + "\" not found");
    }
    ex.sendJson(200, crd);
  }

  static ApiException notFound(ResourceKey key) {
    return Errors.notFound(key);
  }
}
