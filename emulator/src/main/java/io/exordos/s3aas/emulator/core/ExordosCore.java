package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.emulator.instrument.CallCounters;
import io.exordos.s3aas.emulator.instrument.Faults;
import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Exordos Core emulator: IAM tokens, compute node sets and nodes, configs and the element
 * manager's install protocol ({@link ElementService}), served at the root and under {@code
 * /api/core} (the load balancer prefix). Node sets become ACTIVE after configurable delays; each
 * node gets its own loopback IP, and a pushed {@code rustfs.env} starts a RustFS node emulator on
 * that IP and the port of {@code RUSTFS_ADDRESS}.
 *
 * <pre>{@code
 * try (ExordosCore core = ExordosCore.start(ExordosCore.Config.of("admin", "admin-pass"))) {
 *     URI api = core.endpoint();              // http://127.0.0.1:<port>
 *     core.faults().failRate(Faults.ALL, 0.1, 503);
 *     core.failNextNodeSets(1);               // the next created set goes to ERROR
 * }
 * }</pre>
 */
public final class ExordosCore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExordosCore.class);

  /** The client id the real load balancer accepts as an alias; a fixed UUID is accepted too. */
  public static final String CLIENT_ALIAS = "default";

  /** Where Core's load balancer serves the user API (and resolves {@link #CLIENT_ALIAS}). */
  public static final String LOAD_BALANCER_PREFIX = "/api/core";

  /**
   * How to start the emulator. {@code provisioningDelay} is the time a new set stays NEW, {@code
   * activationDelay} the time it then stays IN_PROGRESS; {@code configApplyDelay} the time a config
   * takes to reach its node. {@code nodeSubnet} is the second octet of node IPs (127.N.x.y). {@code
   * dataRoot}, when set, keeps each node's RustFS state under {@code dataRoot/<node uuid>}.
   */
  public record Config(
      String host,
      int port,
      String adminUser,
      String adminPassword,
      String projectId,
      Duration provisioningDelay,
      Duration activationDelay,
      Duration configApplyDelay,
      int nodeSubnet,
      @Nullable Path dataRoot) {
    public Config {
      Objects.requireNonNull(host, "host");
      if (adminUser == null
          || adminUser.isBlank()
          || adminPassword == null
          || adminPassword.isEmpty()) {
        throw new IllegalArgumentException("admin user and password are required");
      }
      projectId = UUID.fromString(projectId).toString();
    }

    /** Loopback, a free port, the MetaPaaS project as default project, sub-second delays. */
    public static Config of(String adminUser, String adminPassword) {
      return new Config(
          "127.0.0.1",
          0,
          adminUser,
          adminPassword,
          "4d657461-0000-0000-0000-000000000002",
          Duration.ofMillis(200),
          Duration.ofMillis(500),
          Duration.ofMillis(100),
          20,
          null);
    }

    public Config withHost(String h) {
      Copy c = new Copy(this);
      c.host = h;
      return c.build();
    }

    public Config withPort(int p) {
      Copy c = new Copy(this);
      c.port = p;
      return c.build();
    }

    public Config withProjectId(String id) {
      Copy c = new Copy(this);
      c.projectId = id;
      return c.build();
    }

    public Config withDelays(Duration provisioning, Duration activation, Duration configApply) {
      Copy c = new Copy(this);
      c.provisioningDelay = provisioning;
      c.activationDelay = activation;
      c.configApplyDelay = configApply;
      return c.build();
    }

    public Config withNodeSubnet(int secondOctet) {
      Copy c = new Copy(this);
      c.nodeSubnet = secondOctet;
      return c.build();
    }

    public Config withDataRoot(Path dir) {
      Copy c = new Copy(this);
      c.dataRoot = dir;
      return c.build();
    }

    /** A mutable copy, so each {@code with...} method names only the fields it changes. */
    private static final class Copy {
      private String host;
      private int port;
      private final String adminUser;
      private final String adminPassword;
      private String projectId;
      private Duration provisioningDelay;
      private Duration activationDelay;
      private Duration configApplyDelay;
      private int nodeSubnet;
      private @Nullable Path dataRoot;

      Copy(Config c) {
        host = c.host;
        port = c.port;
        adminUser = c.adminUser;
        adminPassword = c.adminPassword;
        projectId = c.projectId;
        provisioningDelay = c.provisioningDelay;
        activationDelay = c.activationDelay;
        configApplyDelay = c.configApplyDelay;
        nodeSubnet = c.nodeSubnet;
        dataRoot = c.dataRoot;
      }

      Config build() {
        return new Config(
            host,
            port,
            adminUser,
            adminPassword,
            projectId,
            provisioningDelay,
            activationDelay,
            configApplyDelay,
            nodeSubnet,
            dataRoot);
      }
    }
  }

  private final Config config;
  private final Clock clock = Clock.systemUTC();
  private final CallCounters calls = new CallCounters();
  private final Faults faults = new Faults();
  private final ScheduledExecutorService scheduler;
  private final NodeRuntime runtime;
  private final TokenService tokens;
  private final ComputeService compute;
  private final ConfigService configs;
  private final ElementService elements;
  private final String clientUuid;
  private @Nullable Javalin app;

  private ExordosCore(Config config) {
    this.config = config;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "exordos-core-emulator");
              t.setDaemon(true);
              return t;
            });
    Object lock = new Object();
    this.runtime = new NodeRuntime(config.dataRoot(), clock);
    this.tokens =
        new TokenService(config.adminUser(), config.adminPassword(), config.projectId(), clock);
    this.compute =
        new ComputeService(
            lock, clock, scheduler, new LoopbackAddresses(config.nodeSubnet()), runtime, config);
    this.configs =
        new ConfigService(lock, clock, scheduler, compute, runtime, config.configApplyDelay());
    this.compute.listeners(configs::nodeActive, configs::nodeGone);
    this.elements = new ElementService(lock, clock, scheduler, config.activationDelay());
    this.clientUuid =
        UUID.nameUUIDFromBytes("exordos-core-emulator-client".getBytes(StandardCharsets.UTF_8))
            .toString();
  }

  public static ExordosCore start(Config config) {
    ExordosCore core = new ExordosCore(config);
    core.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              for (String prefix : List.of("", LOAD_BALANCER_PREFIX)) {
                core.routes(cfg, prefix);
              }
            });
    core.app.start(config.host(), config.port());
    LOG.info("Exordos Core emulator listening on {}", core.endpoint());
    return core;
  }

  private void routes(JavalinConfig cfg, String prefix) {
    Routes r = new Routes(cfg, prefix);
    r.open(
        HandlerType.POST,
        "/v1/iam/clients/{client}/actions/get_token/invoke",
        "GetToken",
        ctx -> getToken(ctx, prefix));
    for (HandlerType type : List.of(HandlerType.GET, HandlerType.POST)) {
      r.add(
          type,
          "/v1/iam/clients/{client}/actions/introspection",
          "Introspect",
          (ctx, t) -> introspect(ctx, t, prefix));
    }
    r.post(
        "/v1/compute/sets/",
        "CreateNodeSet",
        (ctx, t) -> created(ctx, compute.create(body(ctx), projectForCreate(t))));
    r.get(
        "/v1/compute/sets/",
        "ListNodeSets",
        (ctx, t) -> compute.list(ctx.queryParamMap(), t.projectId()));
    r.get(
        "/v1/compute/sets/{uuid}", "GetNodeSet", (ctx, t) -> compute.get(uuid(ctx), t.projectId()));
    r.put(
        "/v1/compute/sets/{uuid}",
        "UpdateNodeSet",
        (ctx, t) -> compute.update(uuid(ctx), body(ctx), t.projectId()));
    r.delete(
        "/v1/compute/sets/{uuid}",
        "DeleteNodeSet",
        (ctx, t) -> compute.delete(uuid(ctx), t.projectId()));
    r.get(
        "/v1/compute/sets/{uuid}/actions/get_private_keys",
        "GetPrivateKeys",
        (ctx, t) -> compute.privateKeys(uuid(ctx), t.projectId()));
    r.get(
        "/v1/compute/nodes/",
        "ListNodes",
        (ctx, t) -> compute.listNodes(ctx.queryParamMap(), t.projectId()));
    r.get(
        "/v1/compute/nodes/{uuid}",
        "GetNode",
        (ctx, t) -> compute.getNode(uuid(ctx), t.projectId()));
    r.post(
        "/v1/config/configs/",
        "CreateConfig",
        (ctx, t) -> created(ctx, configs.create(body(ctx), projectForCreate(t))));
    r.get(
        "/v1/config/configs/",
        "ListConfigs",
        (ctx, t) -> configs.list(ctx.queryParamMap(), t.projectId()));
    r.get(
        "/v1/config/configs/{uuid}",
        "GetConfig",
        (ctx, t) -> configs.get(uuid(ctx), t.projectId()));
    r.put(
        "/v1/config/configs/{uuid}",
        "UpdateConfig",
        (ctx, t) -> configs.update(uuid(ctx), body(ctx), t.projectId()));
    r.delete(
        "/v1/config/configs/{uuid}",
        "DeleteConfig",
        (ctx, t) -> configs.delete(uuid(ctx), t.projectId()));
    // Element manager: the install protocol only (ElementService).
    r.post(
        "/v1/em/manifests/",
        "CreateManifest",
        (ctx, t) -> created(ctx, elements.createManifest(body(ctx))));
    r.get(
        "/v1/em/manifests/",
        "ListManifests",
        (ctx, t) -> elements.listManifests(ctx.queryParamMap()));
    r.get("/v1/em/manifests/{uuid}", "GetManifest", (ctx, t) -> elements.getManifest(uuid(ctx)));
    r.put(
        "/v1/em/manifests/{uuid}",
        "UpdateManifest",
        (ctx, t) -> elements.updateManifest(uuid(ctx), body(ctx)));
    r.delete(
        "/v1/em/manifests/{uuid}",
        "DeleteManifest",
        (ctx, t) -> elements.deleteManifest(uuid(ctx)));
    r.post(
        "/v1/em/manifests/{uuid}/actions/{action}/invoke",
        "ManifestAction",
        (ctx, t) -> elements.action(uuid(ctx), ctx.pathParam("action")));
    r.get(
        "/v1/em/elements/", "ListElements", (ctx, t) -> elements.listElements(ctx.queryParamMap()));
    r.get("/v1/em/elements/{uuid}", "GetElement", (ctx, t) -> elements.getElement(uuid(ctx)));
  }

  /** The routes under one prefix; all but get_token need a bearer token. */
  private final class Routes {
    private final JavalinConfig cfg;
    private final String prefix;

    Routes(JavalinConfig cfg, String prefix) {
      this.cfg = cfg;
      this.prefix = prefix;
    }

    void get(String path, String kind, Api api) {
      add(HandlerType.GET, path, kind, api);
    }

    void post(String path, String kind, Api api) {
      add(HandlerType.POST, path, kind, api);
    }

    void put(String path, String kind, Api api) {
      add(HandlerType.PUT, path, kind, api);
    }

    /** Core answers a DELETE with 204 and no body. */
    void delete(String path, String kind, Deletion deletion) {
      add(
          HandlerType.DELETE,
          path,
          kind,
          (ctx, t) -> {
            deletion.delete(ctx, t);
            ctx.status(204);
            return null;
          });
    }

    /** A route that needs a bearer token. */
    void add(HandlerType type, String path, String kind, Api api) {
      route(
          cfg,
          type,
          prefix + path,
          kind,
          true,
          (ctx, t) -> api.handle(ctx, Objects.requireNonNull(t, "authenticated")));
    }

    /** A route anyone may call (only get_token). */
    void open(HandlerType type, String path, String kind, OpenApi api) {
      route(cfg, type, prefix + path, kind, false, (ctx, t) -> api.handle(ctx));
    }
  }

  /** An authenticated route's handler; null: the handler has written the answer itself. */
  @FunctionalInterface
  private interface Api {
    @Nullable JsonNode handle(Context ctx, TokenService.Token token) throws Exception;
  }

  @FunctionalInterface
  private interface OpenApi {
    JsonNode handle(Context ctx) throws Exception;
  }

  /** What route() calls: the token is null exactly when the route needs none. */
  @FunctionalInterface
  private interface Handler {
    @Nullable JsonNode handle(Context ctx, TokenService.@Nullable Token token) throws Exception;
  }

  @FunctionalInterface
  private interface Deletion {
    void delete(Context ctx, TokenService.Token token) throws Exception;
  }

  private void route(
      JavalinConfig cfg, HandlerType type, String path, String kind, boolean auth, Handler api) {
    cfg.routes.addHttpHandler(
        type,
        path,
        ctx -> {
          try {
            calls.increment(kind);
            Optional<Integer> failure = faults.apply(kind);
            if (failure.isPresent()) {
              throw new CoreException(
                  failure.get(), "InjectedFault", "Fault injected by the emulator for " + kind);
            }
            TokenService.Token token =
                auth ? tokens.authenticate(ctx.header("Authorization")) : null;
            JsonNode result = api.handle(ctx, token);
            if (result != null) {
              ctx.contentType("application/json").result(result.toString());
            }
          } catch (CoreException e) {
            ObjectNode err = Resources.JSON.createObjectNode();
            if (e.oauthError()) {
              err.put("error", e.type());
              err.put("error_description", e.getMessage());
              ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            } else {
              err.put("code", e.status());
              err.put("type", e.type());
              err.put("message", e.getMessage());
            }
            ctx.status(e.status()).contentType("application/json").result(err.toString());
          }
        });
  }

  private static JsonNode created(Context ctx, JsonNode body) {
    ctx.status(201);
    return body;
  }

  /**
   * Core puts project-scoped resources in the token's project; a token obtained with an empty scope
   * carries none, and the create is refused (project_id is required).
   */
  private static String projectForCreate(TokenService.Token t) {
    if (t.projectId().isEmpty()) {
      throw CoreException.badRequest(
          "project_id is required: the token has no project (ask get_token for scope"
              + " project:<uuid>)");
    }
    return t.projectId();
  }

  private static String uuid(Context ctx) {
    return ctx.pathParam("uuid");
  }

  private static ObjectNode body(Context ctx) {
    try {
      return Resources.object(Resources.JSON.readTree(ctx.body()));
    } catch (java.io.IOException e) {
      throw CoreException.badRequest("The request body is not valid JSON");
    }
  }

  private JsonNode getToken(Context ctx, String prefix) {
    checkClient(ctx.pathParam("client"), prefix);
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      throw CoreException.badRequest("get_token takes an application/x-www-form-urlencoded body");
    }
    Duration ttl = seconds(ctx.formParam("ttl"), TokenService.DEFAULT_TTL, "ttl");
    Duration refreshTtl = seconds(ctx.formParam("refresh_ttl"), ttl.multipliedBy(2), "refresh_ttl");
    String grant = ctx.formParam("grant_type");
    TokenService.Token t;
    if ("password".equals(grant)) {
      t =
          tokens.passwordGrant(
              ctx.formParam("username"),
              ctx.formParam("password"),
              ctx.formParam("scope"),
              ttl,
              refreshTtl);
    } else if ("refresh_token".equals(grant)) {
      t = tokens.refreshGrant(ctx.formParam("refresh_token"), ttl, refreshTtl);
    } else {
      throw new CoreException(
          400, "UnsupportedGrantTypeError", "Unsupported grant_type '" + grant + "'");
    }
    ObjectNode n = Resources.JSON.createObjectNode();
    n.put("access_token", t.accessToken());
    n.put("token_type", "Bearer");
    n.put("expires_at", t.expiresAt().getEpochSecond());
    n.put("expires_in", ttl.toSeconds());
    n.put("id_token", t.accessToken());
    n.put("refresh_token", t.refreshToken());
    n.put("refresh_expires_in", refreshTtl.toSeconds());
    n.put("scope", t.scope());
    return n;
  }

  private JsonNode introspect(Context ctx, TokenService.Token t, String prefix) {
    checkClient(ctx.pathParam("client"), prefix);
    ObjectNode n = Resources.JSON.createObjectNode();
    ObjectNode user = n.putObject("user_info");
    user.put("uuid", t.userUuid());
    user.put("name", t.username());
    user.put("username", t.username());
    n.put("project_id", t.projectId());
    n.put("scope", t.scope());
    n.put("expires_at", t.expiresAt().toString());
    n.put("otp_verified", false);
    // The emulated admin holds every permission, as Core's built-in admin role does.
    n.putArray("permissions").add("*.*.*");
    return n;
  }

  /**
   * The alias {@code default} is rewritten to the client's UUID by Core's load balancer ({@code
   * /api/core}); the user API itself (the root path here, {@code :11010} in Core) cannot parse it.
   */
  private void checkClient(String client, String prefix) {
    if (client.equals(CLIENT_ALIAS) && !prefix.equals(LOAD_BALANCER_PREFIX)) {
      throw new CoreException(400, "ParseError", "Can't parse value: uuid=" + client + ".");
    }
    if (!client.equals(CLIENT_ALIAS) && !client.equals(clientUuid)) {
      throw CoreException.notFound("Client " + client);
    }
  }

  private static Duration seconds(String text, Duration dflt, String field) {
    if (text == null || text.isEmpty()) {
      return dflt;
    }
    try {
      long s = Long.parseLong(text);
      if (s < 1 || s > TokenService.MAX_TTL.toSeconds()) {
        throw CoreException.badRequest(
            field + " must be between 1 and " + TokenService.MAX_TTL.toSeconds());
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw CoreException.badRequest(field + " must be a number of seconds");
    }
  }

  // ---------------------------------------------------------------- Java API

  public int port() {
    return Objects.requireNonNull(app, "the emulator has been stopped").port();
  }

  /**
   * {@code http://host:port}: the user API itself, as on Core's port 11010 (the client alias {@code
   * default} does not resolve here).
   */
  public URI endpoint() {
    return URI.create("http://" + config.host() + ":" + port());
  }

  /**
   * {@code http://host:port/api/core}: the same API behind Core's load balancer, where the client
   * alias {@code default} resolves. Clients that use the alias (the operator) take this one.
   */
  public URI loadBalancerEndpoint() {
    return URI.create(endpoint() + LOAD_BALANCER_PREFIX);
  }

  public Config config() {
    return config;
  }

  /** The IAM client UUID accepted besides the {@code default} alias. */
  public String clientUuid() {
    return clientUuid;
  }

  /**
   * Per-kind call counters ({@code GetToken}, {@code CreateNodeSet}, {@code CreateConfig}, ...).
   */
  public CallCounters calls() {
    return calls;
  }

  /** Per-kind latency and HTTP failure rules; {@link Faults#ALL} applies to every call. */
  public Faults faults() {
    return faults;
  }

  /** The set goes (or, if it does not exist yet, will go) to ERROR instead of ACTIVE. */
  public void failNodeSet(String setUuid) {
    compute.failSet(setUuid);
  }

  /** The next {@code count} node sets created go to ERROR instead of ACTIVE. */
  public void failNextNodeSets(int count) {
    compute.failNextSets(count);
  }

  /**
   * The node vanishes (its RustFS stops); Core replaces it with a new node and IP after the
   * activation delay.
   */
  public void loseNode(String nodeUuid) {
    compute.loseNode(nodeUuid);
  }

  /**
   * When the node set last turned ACTIVE (its nodes created, each with an address), by the
   * emulator's clock; empty if it never did.
   */
  public Optional<java.time.Instant> nodeSetActiveSince(String setUuid) {
    return compute.activeSince(setUuid);
  }

  /** When the config was created, by the emulator's clock; empty if there is no such config. */
  public Optional<java.time.Instant> configCreatedAt(String configUuid) {
    return configs.createdAt(configUuid);
  }

  /** The RustFS node emulator running on a Core node, if its rustfs.env started one. */
  public Optional<RustfsNode> rustfsNode(String nodeUuid) {
    return runtime.node(nodeUuid);
  }

  public void stop() {
    if (app != null) {
      app.stop();
      app = null;
    }
    scheduler.shutdownNow();
    runtime.stopAll();
  }

  @Override
  public void close() {
    stop();
  }
}
