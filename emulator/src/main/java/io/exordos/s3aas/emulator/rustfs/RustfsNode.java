package io.exordos.s3aas.emulator.rustfs;

import io.exordos.s3aas.emulator.instrument.CallCounters;
import io.exordos.s3aas.emulator.instrument.Faults;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.UriCompliance;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated RustFS node: an HTTP server with the S3 API (path-style, SigV4 on every request),
 * the admin API under {@code /rustfs/admin/v3} and {@code /minio/admin/v3}, and {@code /health}.
 *
 * <pre>{@code
 * try (RustfsNode node = RustfsNode.start(RustfsNode.Config.of("admin", "secret-123"))) {
 *     URI s3 = node.endpoint();                 // http://127.0.0.1:<port>
 *     node.faults().delay("AddUser", Duration.ofMillis(200));
 *     ...
 *     long n = node.calls().count("ListUsers");
 * }
 * }</pre>
 */
public final class RustfsNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RustfsNode.class);

  /** Largest single request body accepted (whole objects are held in memory while served). */
  public static final long MAX_BODY = 256L * 1024 * 1024;

  /**
   * How to start a node. {@code port} 0 picks a free port; {@code dataDir} null keeps state in
   * memory; {@code clock} is the node's time: what it records (object and bucket times, the {@code
   * Date} header) and what request signatures must be fresh against, as a real node's system clock.
   */
  public record Config(
      String host,
      int port,
      String rootUser,
      String rootPassword,
      @Nullable Path dataDir,
      String region,
      Clock clock) {
    public Config {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(clock, "clock");
      if (rootUser == null || rootUser.length() < 3) {
        throw new IllegalArgumentException("root user must have at least 3 characters");
      }
      if (rootPassword == null || rootPassword.length() < 8) {
        throw new IllegalArgumentException("root password must have at least 8 characters");
      }
    }

    /** Loopback, a free port, in-memory state, region us-east-1. */
    public static Config of(String rootUser, String rootPassword) {
      return new Config(
          "127.0.0.1", 0, rootUser, rootPassword, null, "us-east-1", Clock.systemUTC());
    }

    public Config withHost(String newHost) {
      return new Config(newHost, port, rootUser, rootPassword, dataDir, region, clock);
    }

    public Config withPort(int newPort) {
      return new Config(host, newPort, rootUser, rootPassword, dataDir, region, clock);
    }

    public Config withDataDir(Path dir) {
      return new Config(host, port, rootUser, rootPassword, dir, region, clock);
    }

    public Config withRegion(String newRegion) {
      return new Config(host, port, rootUser, rootPassword, dataDir, newRegion, clock);
    }

    public Config withClock(Clock newClock) {
      return new Config(host, port, rootUser, rootPassword, dataDir, region, newClock);
    }
  }

  private final Config config;
  private final CallCounters calls;
  private final Faults faults;
  private final NodeStore store;
  private final S3Api s3;
  private final AdminApi admin;
  private final Clock clock;
  private final String hostId;
  private @Nullable Javalin app;
  private volatile java.time.Instant serving = java.time.Instant.EPOCH;

  private RustfsNode(Config config, CallCounters calls, Faults faults, @Nullable NodeStore store) {
    this.config = config;
    this.clock = config.clock();
    this.calls = calls;
    this.faults = faults;
    this.store = store != null ? store : new NodeStore(config.dataDir());
    this.s3 = new S3Api(this.store, config.region(), config.rootUser(), clock, this::secretOf);
    this.admin =
        new AdminApi(
            this.store,
            config.rootUser(),
            config.rootPassword(),
            clock,
            new UsageApi(this.store, clock, () -> config.host() + ":" + port()));
    this.hostId = SigV4.sha256Hex(config.host().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Starts a node with fresh counters and fault rules. */
  public static RustfsNode start(Config config) {
    return start(config, new CallCounters(), new Faults());
  }

  /**
   * Starts a node that shares {@code calls} and {@code faults} with its caller, so a node restarted
   * with new settings (as the Core emulator does) keeps its counters and fault rules.
   */
  public static RustfsNode start(Config config, CallCounters calls, Faults faults) {
    return launch(new RustfsNode(config, calls, faults, null));
  }

  /**
   * Starts the same node again with new settings (address, root credentials), keeping its buckets,
   * objects, users, counters and fault rules, like a RustFS process restarted on the same disk.
   * {@code previous} is stopped first if it still runs.
   */
  public static RustfsNode restart(RustfsNode previous, Config config) {
    previous.stop();
    return launch(new RustfsNode(config, previous.calls, previous.faults, previous.store));
  }

  private static RustfsNode launch(RustfsNode node) {
    Config config = node.config;
    node.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = MAX_BODY;
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.jetty.threadPool = NodeThreads.pool();
              cfg.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setSendServerVersion(false);
                    // the Date header is written from the node's clock, with the other headers
                    http.setSendDateHeader(false);
                    // Object keys may hold characters Jetty's default URI rules call ambiguous.
                    http.setUriCompliance(UriCompliance.LEGACY);
                  });
              for (HandlerType type :
                  List.of(
                      HandlerType.GET,
                      HandlerType.PUT,
                      HandlerType.POST,
                      HandlerType.DELETE,
                      HandlerType.HEAD,
                      HandlerType.OPTIONS)) {
                cfg.routes.addHttpHandler(type, "/", node::handle);
                cfg.routes.addHttpHandler(type, "/*", node::handle);
              }
            });
    node.app.start(config.host(), config.port());
    node.serving = node.clock.instant();
    LOG.info("RustFS node emulator listening on {}", node.endpoint());
    return node;
  }

  public int port() {
    return Objects.requireNonNull(app, "the node has been stopped").port();
  }

  /** When this node (this start of it) began to answer requests, by its clock. */
  public java.time.Instant servingSince() {
    return serving;
  }

  public String host() {
    return config.host();
  }

  /** {@code http://host:port}, the S3 and admin endpoint. */
  public URI endpoint() {
    return URI.create("http://" + config.host() + ":" + port());
  }

  public String rootUser() {
    return config.rootUser();
  }

  public Config config() {
    return config;
  }

  /**
   * Call counters per kind: S3 operation names ({@code PutObject}), admin calls ({@code AddUser}),
   * {@code Health}.
   */
  public CallCounters calls() {
    return calls;
  }

  /** Fault rules per kind (same names as {@link #calls()}). */
  /**
   * How long quota calls on a new bucket answer 503 until the usage scanner has counted it (as
   * RustFS does); zero turns it off. Kept across {@link #restart}.
   */
  public RustfsNode usageScanDelay(java.time.Duration delay) {
    store.usageScanDelay(delay);
    return this;
  }

  /**
   * Resizes the node's emulated drive: the capacity {@code storageinfo} and {@code datausageinfo}
   * report, free space being what the stored objects leave of it. Kept across {@link #restart}.
   */
  public RustfsNode diskBytes(long bytes) {
    store.diskBytes(bytes);
    return this;
  }

  public Faults faults() {
    return faults;
  }

  public void stop() {
    if (app != null) {
      app.stop();
      app = null;
      LOG.info("RustFS node emulator on {}:{} stopped", config.host(), config.port());
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---------------------------------------------------------------- request handling

  private void handle(Context ctx) throws IOException {
    String requestId =
        HexFormat.of().withUpperCase().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
    HttpRequestView req = HttpRequestView.of(ctx.req(), MAX_BODY);
    String path = req.path();
    boolean head = req.method().equals("HEAD");
    try {
      if (path.equals("/health") || path.equals("/health/ready")) {
        health(ctx, req);
        return;
      }
      Reply reply;
      if (AdminApi.isAdminPath(path)) {
        AdminApi.Op op = admin.route(req);
        countAndFault(op.kind());
        S3Api.Request request = authenticate(req);
        admin.authorize(request.caller());
        reply = op.run().apply(request);
      } else {
        S3Api.Op op = s3.route(req);
        countAndFault(op.kind());
        // A CORS preflight carries no credentials: it is answered from the bucket's rules.
        S3Api.Request request =
            req.method().equals("OPTIONS")
                ? new S3Api.Request(req, null, Caller.ANONYMOUS)
                : authenticate(req);
        s3.authorize(request.caller(), op.action(), op.bucket(), op.key(), req);
        reply = s3.decorate(req, op.run().apply(request));
      }
      write(ctx, reply, requestId, head);
    } catch (S3Exception e) {
      LOG.debug("{} {} -> {} {}", req.method(), path, e.status(), e.code());
      Reply error = errorReply(e, path, requestId);
      write(ctx, AdminApi.isAdminPath(path) ? error : s3.decorate(req, error), requestId, head);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", req.method(), path, e);
      write(
          ctx,
          errorReply(
              S3Exception.internal("We encountered an internal error, please try again."),
              path,
              requestId),
          requestId,
          head);
    }
  }

  private void countAndFault(String kind) {
    calls.increment(kind);
    Optional<Integer> failure = faults.apply(kind);
    if (failure.isPresent()) {
      int status = failure.get();
      String code =
          switch (status) {
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            default -> "InjectedFault";
          };
      throw new S3Exception(status, code, "Fault injected by the emulator for " + kind);
    }
  }

  /** Verifies the signature and resolves the caller; unsigned requests are anonymous. */
  private S3Api.Request authenticate(HttpRequestView req) {
    if (!SigV4.isSigned(req)) {
      return new S3Api.Request(req, null, Caller.ANONYMOUS);
    }
    SigV4.Verified auth = SigV4.verify(req, this::secretOf, config.region(), clock);
    if (auth.accessKey().equals(config.rootUser())) {
      return new S3Api.Request(req, auth, new Caller(auth.accessKey(), true));
    }
    synchronized (store) {
      NodeStore.User user = store.state().users.get(auth.accessKey());
      if (user == null) {
        throw S3Exception.invalidAccessKeyId();
      }
      if (!user.status.equals("enabled")) {
        throw new S3Exception(
            403,
            "InvalidAccessKeyId",
            "Your account is disabled; please contact your administrator.");
      }
    }
    return new S3Api.Request(req, auth, new Caller(auth.accessKey(), false));
  }

  private Optional<String> secretOf(String accessKey) {
    if (accessKey.equals(config.rootUser())) {
      return Optional.of(config.rootPassword());
    }
    synchronized (store) {
      NodeStore.User user = store.state().users.get(accessKey);
      return Optional.ofNullable(user == null ? null : user.secretKey);
    }
  }

  private void health(Context ctx, HttpRequestView req) throws IOException {
    calls.increment("Health");
    boolean ready = faults.apply("Health").isEmpty();
    String part = "{\"status\":\"" + (ready ? "ok" : "degraded") + "\",\"ready\":" + ready + "}";
    String json =
        "{\"status\":\""
            + (ready ? "ok" : "degraded")
            + "\",\"ready\":"
            + ready
            + ",\"details\":{\"storage\":"
            + part
            + ",\"iam\":"
            + part
            + ",\"lock\":"
            + part
            + "}}";
    write(ctx, Reply.json(ready ? 200 : 503, json), null, req.method().equals("HEAD"));
  }

  private Reply errorReply(S3Exception e, String path, String requestId) {
    Xml x =
        new Xml()
            .open("Error")
            .el("Code", e.code())
            .el("Message", e.getMessage())
            .el("BucketName", e.bucket())
            .el("Key", e.key())
            .el("Resource", path)
            .el("RequestId", requestId)
            .el("HostId", hostId)
            .close("Error");
    Reply reply = new Reply(e.status(), x.bytes()).header("Content-Type", "application/xml");
    e.headers().forEach(reply::header);
    return reply;
  }

  private void write(Context ctx, Reply reply, @Nullable String requestId, boolean head)
      throws IOException {
    HttpServletResponse res = ctx.res();
    res.setStatus(reply.status);
    res.setHeader("Date", HttpDates.http(clock.instant()));
    reply.headers.forEach(res::setHeader);
    if (requestId != null) {
      res.setHeader("x-amz-request-id", requestId);
    }
    res.setHeader("Server", "RustFS");
    if (head) {
      long length = reply.headLength >= 0 ? reply.headLength : 0;
      res.setContentLengthLong(length);
      return;
    }
    byte[] body = reply.body == null ? new byte[0] : reply.body;
    res.setContentLengthLong(body.length);
    if (body.length > 0) {
      res.getOutputStream().write(body);
    }
    res.flushBuffer();
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
