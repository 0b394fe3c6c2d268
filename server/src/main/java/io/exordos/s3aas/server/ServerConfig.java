package io.exordos.s3aas.server;

import io.exordos.s3aas.server.iam.IamConfig;
import java.nio.file.Path;
import java.time.Duration;

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
 */
public record ServerConfig(
    String bindAddress,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path home,
    String adminToken,
    String secretKey,
    Duration changeRetention,
    Duration eventTtl,
    int dbPoolSize,
    boolean tls,
    IamConfig iam,
    Path versionsCatalog) {

  /**
   * The configuration before IAM and the catalog were configurable: local tokens, built-in catalog.
   */
  public ServerConfig(
      String bindAddress,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Path home,
      String adminToken,
      String secretKey,
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
        null);
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
        versionsCatalog);
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return new ServerConfig(
        bindAddress,
        port,
        url,
        user,
        password,
        home,
        adminToken,
        secretKey,
        changeRetention,
        eventTtl,
        dbPoolSize,
        tls,
        iam,
        versionsCatalog);
  }

  public ServerConfig withTls(boolean enabled) {
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
        enabled,
        iam,
        versionsCatalog);
  }

  public ServerConfig withIam(IamConfig iam) {
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
        versionsCatalog);
  }

  public ServerConfig withVersionsCatalog(Path file) {
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
        file);
  }

  public ServerConfig withRetention(Duration changes, Duration events) {
    return new ServerConfig(
        bindAddress,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        home,
        adminToken,
        secretKey,
        changes,
        events,
        dbPoolSize,
        tls,
        iam,
        versionsCatalog);
  }
}
