package io.exordos.s3aas.server;

import io.exordos.s3aas.server.iam.IamConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How to run a server.
 *
 * @param bindAddress where the API listens (127.0.0.1 unless told otherwise)
 * @param port 0 picks a free port
 * @param dbUrl a JDBC URL of an external PostgreSQL, or null to start the embedded one
 * @param home state directory: embedded database, secret key file
 * @param adminToken the bearer token every request must carry
 * @param secretKey base64 AES-256 key for Secrets at rest, or null to use (and create) {@code
 *     home/secret.key}
 * @param changeRetention how long the change log keeps changes for watches to resume from
 * @param eventTtl how long core Events live
 * @param tls serve HTTPS with a self-signed identity kept in {@code home} (kubectl sends bearer
 *     tokens only over TLS); false for plain HTTP behind a TLS-terminating proxy
 * @param iam how project members' tokens are validated ({@code local} by default; the admin token
 *     always works as the cluster-wide admin)
 * @param versionsCatalog a versions catalog file, or null for the built-in one
 * @param clock the server's time: creation and deletion timestamps, token expiry, Table ages and
 *     the Events' time to live (the change log's retention is measured by PostgreSQL's own clock,
 *     which stamps the changes)
 */
public record ServerConfig(
    String bindAddress,
    int port,
    @Nullable String dbUrl,
    String dbUser,
    String dbPassword,
    Path home,
    String adminToken,
    @Nullable String secretKey,
    Duration changeRetention,
    Duration eventTtl,
    int dbPoolSize,
    boolean tls,
    IamConfig iam,
    @Nullable Path versionsCatalog,
    Clock clock) {

  /**
   * The configuration before IAM and the catalog were configurable: local tokens, built-in catalog.
   */
  public ServerConfig(
      String bindAddress,
      int port,
      @Nullable String dbUrl,
      String dbUser,
      String dbPassword,
      Path home,
      String adminToken,
      @Nullable String secretKey,
      Duration changeRetention,
      Duration eventTtl,
      int dbPoolSize,
      boolean tls) {
    this(
        bindAddress,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        home,
        adminToken,
        secretKey,
        changeRetention,
        eventTtl,
        dbPoolSize,
        tls,
        IamConfig.LOCAL,
        null,
        Clock.systemUTC());
  }

  public static ServerConfig defaults(Path home, String adminToken) {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        null,
        "postgres",
        "",
        home,
        adminToken,
        null,
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        16,
        true);
  }

  public ServerConfig withPort(int port) {
    Copy c = new Copy(this);
    c.port = port;
    return c.build();
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    Copy c = new Copy(this);
    c.dbUrl = url;
    c.dbUser = user;
    c.dbPassword = password;
    return c.build();
  }

  public ServerConfig withTls(boolean enabled) {
    Copy c = new Copy(this);
    c.tls = enabled;
    return c.build();
  }

  public ServerConfig withIam(IamConfig iam) {
    Copy c = new Copy(this);
    c.iam = iam;
    return c.build();
  }

  public ServerConfig withVersionsCatalog(Path file) {
    Copy c = new Copy(this);
    c.versionsCatalog = file;
    return c.build();
  }

  public ServerConfig withRetention(Duration changes, Duration events) {
    Copy c = new Copy(this);
    c.changeRetention = changes;
    c.eventTtl = events;
    return c.build();
  }

  public ServerConfig withClock(Clock clock) {
    Copy c = new Copy(this);
    c.clock = clock;
    return c.build();
  }

  /** A mutable copy, so each {@code with...} method names only the fields it changes. */
  private static final class Copy {
    private final String bindAddress;
    private int port;
    private @Nullable String dbUrl;
    private String dbUser;
    private String dbPassword;
    private final Path home;
    private final String adminToken;
    private final @Nullable String secretKey;
    private Duration changeRetention;
    private Duration eventTtl;
    private final int dbPoolSize;
    private boolean tls;
    private IamConfig iam;
    private @Nullable Path versionsCatalog;
    private Clock clock;

    Copy(ServerConfig c) {
      bindAddress = c.bindAddress;
      port = c.port;
      dbUrl = c.dbUrl;
      dbUser = c.dbUser;
      dbPassword = c.dbPassword;
      home = c.home;
      adminToken = c.adminToken;
      secretKey = c.secretKey;
      changeRetention = c.changeRetention;
      eventTtl = c.eventTtl;
      dbPoolSize = c.dbPoolSize;
      tls = c.tls;
      iam = c.iam;
      versionsCatalog = c.versionsCatalog;
      clock = c.clock;
    }

    ServerConfig build() {
      return new ServerConfig(
          bindAddress,
          port,
          dbUrl,
          dbUser,
          dbPassword,
          home,
          adminToken,
          secretKey,
          changeRetention,
          eventTtl,
          dbPoolSize,
          tls,
          iam,
          versionsCatalog,
          clock);
    }
  }
}
