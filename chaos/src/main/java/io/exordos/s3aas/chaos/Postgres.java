package io.exordos.s3aas.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for the suite: its own data directory in a temporary directory and
 * its own loopback port, so stopping it (scenario b) never touches the machine's shared server. Run
 * with the machine's binaries ({@code /usr/lib/postgresql/<newest>/bin}, or {@code $CHAOS_PG_BIN});
 * as root, through {@code runuser -u postgres}, since PostgreSQL refuses to run as root.
 */
final class Postgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;

  private Postgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.log = dir.resolve("postgres.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** initdb into a new temporary directory (trust auth, user postgres), then start. */
  static Postgres start() {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("s3aas-chaos-pg");
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      Postgres pg = new Postgres(binaries(), dir, Ports.free(), root);
      pg.run("initdb", "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8");
      pg.startAgain();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  void startAgain() {
    run(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-w",
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir,
        "start");
  }

  /** A fast shutdown: clients are disconnected, as when the database host goes away. */
  void stop() {
    run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  void restart() {
    run(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-m",
        "fast",
        "-w",
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir,
        "restart");
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException e) {
      System.out.println("stopping the private PostgreSQL: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.out.println("cannot remove " + dir + ": " + e);
    }
  }

  private void run(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Path out = dir.resolve(tool + ".out");
    Proc.run(out, command);
  }

  private static Path binaries() throws IOException {
    String configured = System.getenv("CHAOS_PG_BIN");
    if (configured != null && !configured.isEmpty()) {
      return Path.of(configured);
    }
    Path newest = null;
    int newestVersion = -1;
    try (DirectoryStream<Path> versions =
        Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
      for (Path v : versions) {
        String name = v.getFileName().toString();
        if (name.matches("\\d+") && Files.isExecutable(v.resolve("bin/initdb"))) {
          int n = Integer.parseInt(name);
          if (n > newestVersion) {
            newestVersion = n;
            newest = v.resolve("bin");
          }
        }
      }
    }
    if (newest == null) {
      throw new IllegalStateException(
          "no PostgreSQL binaries under /usr/lib/postgresql/*/bin; set CHAOS_PG_BIN");
    }
    return newest;
  }
}
