package io.exordos.s3aas.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One {@code output/bin/s3aas server} process on a loopback port over plain HTTP, on the private
 * PostgreSQL, with its own S3AAS_HOME and admin token. It can be killed and started again on the
 * same port, database and home, as a crashed replica coming back.
 */
final class ApiServer implements AutoCloseable {
  private final Path home;
  private final Path tokenFile;
  private final Path log;
  private final Postgres pg;
  private final int port;
  private final String token = "chaos-" + UUID.randomUUID();
  private @Nullable Proc process;

  ApiServer(Path dir, Postgres pg) {
    this.pg = pg;
    this.home = dir.resolve("server-home");
    this.tokenFile = dir.resolve("admin-token");
    this.log = dir.resolve("server.log");
    this.port = Ports.free();
    try {
      Files.createDirectories(home);
      Files.writeString(tokenFile, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the process and returns once it answers /readyz with 200. */
  ApiServer start() {
    process =
        Proc.start(
            "s3aas server",
            log,
            Map.of("S3AAS_HOME", home.toString()),
            List.of(
                Chaos.s3aas(),
                "server",
                "--port",
                Integer.toString(port),
                "--no-tls",
                "--db-url",
                pg.jdbcUrl(),
                "--db-user",
                "postgres",
                "--token-file",
                tokenFile.toString()));
    Await.until("the API server answers /readyz", 90, () -> http().get("/readyz").ok());
    return this;
  }

  /** kill -9 of the server process. */
  void kill() {
    if (process != null) {
      process.kill();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  String token() {
    return token;
  }

  Http http() {
    return new Http(url(), token);
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
