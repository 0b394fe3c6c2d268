package io.exordos.s3aas.server.testing;

import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import io.exordos.s3aas.testsupport.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An in-process s3aas API server on its own test database, with a temporary home (TLS identity,
 * secret key) and a random admin token. {@link #restart()} stops it and starts a new server on the
 * same database, home and port, as an operator restarting the process would.
 */
public final class TestServer implements AutoCloseable {
  private final TestDatabase db;
  private final boolean ownsDb;
  private final Path home;
  private final String token;
  private final boolean tls;
  private final Clock clock;
  private S3aasServer server;
  private int port;

  private TestServer(TestDatabase db, boolean ownsDb, boolean tls, Clock clock) {
    this.db = db;
    this.ownsDb = ownsDb;
    this.tls = tls;
    this.clock = clock;
    this.token = "test-token-" + UUID.randomUUID();
    try {
      this.home = Files.createTempDirectory("s3aas-test-home");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.server = S3aasServer.start(config(0));
    this.port = server.port();
  }

  /** A server over HTTPS (as kubectl needs) on a fresh database that is dropped on close. */
  public static TestServer start() {
    return new TestServer(TestDatabase.create(), true, true, Clock.systemUTC());
  }

  public static TestServer start(boolean tls) {
    return new TestServer(TestDatabase.create(), true, tls, Clock.systemUTC());
  }

  /** A server over plain HTTP whose time is {@code clock} (timestamps, token expiry, ages). */
  public static TestServer startAt(Clock clock) {
    return new TestServer(TestDatabase.create(), true, false, clock);
  }

  private ServerConfig config(int port) {
    return ServerConfig.defaults(home, token)
        .withPort(port)
        .withDatabase(db.jdbcUrl(), TestDatabase.USER, "")
        .withTls(tls)
        .withClock(clock);
  }

  /** Stops the server and starts a new one on the same database, home and port. */
  public synchronized void restart() {
    server.close();
    server = S3aasServer.start(config(port));
  }

  public synchronized void stop() {
    server.close();
  }

  public synchronized void startAgain() {
    server = S3aasServer.start(config(port));
  }

  public synchronized S3aasServer server() {
    return server;
  }

  public String url() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String token() {
    return token;
  }

  /** The CA certificate clients must trust (PEM), or null over plain HTTP. */
  public String caPem() {
    return server.caCertificatePem();
  }

  public TestDatabase db() {
    return db;
  }

  public Path home() {
    return home;
  }

  public ApiClient client() {
    return new ApiClient(url(), token, caPem());
  }

  @Override
  public synchronized void close() {
    try {
      server.close();
    } finally {
      if (ownsDb) {
        db.close();
      }
      deleteTree(home);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
