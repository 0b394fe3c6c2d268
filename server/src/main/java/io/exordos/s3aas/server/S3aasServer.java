package io.exordos.s3aas.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.db.Database;
import io.exordos.s3aas.server.db.EmbeddedDatabase;
import io.exordos.s3aas.server.facade.FacadeRouter;
import io.exordos.s3aas.server.http.ApiHandler;
import io.exordos.s3aas.server.http.StatusErrorHandler;
import io.exordos.s3aas.server.iam.AdminToken;
import io.exordos.s3aas.server.iam.ExordosTokenValidator;
import io.exordos.s3aas.server.iam.Iam;
import io.exordos.s3aas.server.iam.LocalTokens;
import io.exordos.s3aas.server.iam.TokenValidator;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.secrets.SecretCipher;
import io.exordos.s3aas.server.store.ExclusiveScopes;
import io.exordos.s3aas.server.store.ObjectCodec;
import io.exordos.s3aas.server.store.ResourceStore;
import io.exordos.s3aas.server.watch.ChangeNotifier;
import io.exordos.s3aas.server.watch.WatchHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jooq.ExecuteType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s3aas API server: PostgreSQL (external or embedded), the store, the watch hub and the HTTP
 * API, started in dependency order and stopped in reverse.
 */
public final class S3aasServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3aasServer.class);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Server http;
  private final String url;
  private final ResourceService service;
  private final FacadeRouter facade;
  private final ApiHandler api;
  private LocalTokens tokens;
  private final @Nullable TlsIdentity tls;

  private volatile boolean ready;

  private S3aasServer(ServerConfig config) throws Exception {
    String dbUrl = config.dbUrl();
    if (dbUrl == null) {
      EmbeddedDatabase embedded = EmbeddedDatabase.start(config.home().resolve("postgres"), 0);
      resources.push(embedded);
      dbUrl = embedded.jdbcUrl();
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Database db =
        Database.connect(dbUrl, config.dbUser(), config.dbPassword(), config.dbPoolSize(), metrics);
    resources.push(db);
    ObjectMapper json = new ObjectMapper();
    ResourceRegistry registry = ResourceRegistry.load();
    SecretCipher cipher =
        config.secretKey() != null
            ? SecretCipher.fromBase64(config.secretKey())
            : SecretCipher.fromKeyFile(config.home().resolve("secret.key"));
    ResourceStore store =
        new ResourceStore(
            db.dsl(),
            new ObjectCodec(json, cipher),
            registry,
            db.statementTimer(ExecuteType.READ),
            db.statementTimer(ExecuteType.WRITE),
            Counter.builder("s3aas_list_consistency_waits")
                .description(
                    "Lists that waited for a write older than the caller's to finish before they"
                        + " were served")
                .register(metrics));
    service = new ResourceService(store, registry, config.clock());
    ensureDefaultNamespace(json, registry);
    WatchHub hub = new WatchHub(store, db.jdbcUrl(), db.user(), db.password(), 10_000);
    ChangeNotifier notifier = new ChangeNotifier(db.jdbcUrl(), db.user(), db.password());
    resources.push(notifier);
    store.afterCommit(
        () -> {
          hub.wake();
          notifier.signal();
        });
    hub.start();
    resources.push(hub);
    ResourceType events = registry.find("", "v1", "events").orElseThrow();
    resources.push(
        new Maintenance(
            store, service, events, config.changeRetention(), config.eventTtl(), config.clock()));
    QueuedThreadPool threads = new QueuedThreadPool(400, 8);
    threads.setName("http");
    http = new Server(threads);
    http.setErrorHandler(new StatusErrorHandler(json));
    // Jetty would refuse an ambiguous path (%2e%2e, %2F, %00) itself and close the connection
    // while the client may still be sending its body; the client then loses the answer to a reset.
    // Letting such paths through to the API, which refuses them after draining the body
    // (ApiHandler.refuseAmbiguousPath), gives every client its 400 on a connection that stays up.
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setUriCompliance(UriCompliance.UNSAFE);
    HttpConnectionFactory http11 = new HttpConnectionFactory(httpConfig);
    ServerConnector connector;
    if (config.tls()) {
      tls = TlsIdentity.loadOrCreate(config.home());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(tls.keystore().toString());
      ssl.setKeyStorePassword(tls.password());
      ssl.setKeyStoreType("PKCS12");
      connector = new ServerConnector(http, ssl, http11);
    } else {
      tls = null;
      connector = new ServerConnector(http, http11);
    }
    connector.setHost(config.bindAddress());
    connector.setPort(config.port());
    // A connection that sends nothing for this long (half-sent headers or body, an idle
    // keep-alive) is closed, so slow or stalled clients cannot hold sockets; a watch, which may be
    // silent for long, lifts it for its own connection (see Exchange.keepOpenFor).
    connector.setIdleTimeout(ApiHandler.IDLE_TIMEOUT_MS);
    http.addConnector(connector);
    tokens = new LocalTokens(db.dsl(), config.clock());
    TokenValidator members =
        config.iam().mode().equals("exordos")
            ? new ExordosTokenValidator(config.iam(), config.clock())
            : tokens;
    Iam iam = new Iam(new AdminToken(config.adminToken()), members, service);
    facade =
        new FacadeRouter(
            json,
            service,
            new ExclusiveScopes(db.dsl()),
            VersionCatalog.load(config.versionsCatalog()));
    api =
        new ApiHandler(
            json, service, hub, iam, List.of(facade), metrics, () -> ready && db.reachable());
    http.setHandler(api);
    http.start();
    resources.push(http::stop);
    ready = true;
    this.url = (tls != null ? "https://" : "http://") + config.bindAddress() + ":" + port();
    LOG.info("s3aas API listening on {}", url);
  }

  public static S3aasServer start(ServerConfig config) {
    try {
      return new S3aasServer(config);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the server failed to start: " + e.getMessage(), e);
    }
  }

  /** The {@code default} namespace always exists, as in Kubernetes. */
  private void ensureDefaultNamespace(ObjectMapper json, ResourceRegistry registry) {
    ResourceType namespaces = registry.find("", "v1", "namespaces").orElseThrow();
    ObjectNode ns = json.createObjectNode();
    ns.putObject("metadata").put("name", "default");
    try {
      service.create(namespaces, "", ns, WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  public int port() {
    return ((ServerConnector) http.getConnectors()[0]).getLocalPort();
  }

  /** Where clients reach the API, e.g. https://127.0.0.1:8080. */
  public String url() {
    return url;
  }

  /** The CA certificate (PEM) clients must trust, or null when serving plain HTTP. */
  public @Nullable String caCertificatePem() {
    return tls == null ? null : tls.certificatePemText();
  }

  /** The MetaPaaS facade this server serves under {@code /v1}. */
  public FacadeRouter facade() {
    return facade;
  }

  public ResourceService service() {
    return service;
  }

  /**
   * Adds Prometheus text series to this server's {@code /metrics} (the operator's, in one process).
   */
  public void addMetricsSource(java.util.function.Supplier<String> source) {
    api.addMetricsSource(source);
  }

  /**
   * The local token store ({@code s3aas token create}); launchers use it to make the owner token of
   * the {@code default} project. Tokens made here are accepted only in IAM mode {@code local}.
   */
  public LocalTokens tokens() {
    return tokens;
  }

  @Override
  public void close() {
    ready = false;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.toString());
      }
    }
  }
}
