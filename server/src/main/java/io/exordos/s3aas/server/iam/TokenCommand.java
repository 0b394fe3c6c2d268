package io.exordos.s3aas.server.iam;

import io.exordos.s3aas.server.db.Database;
import io.exordos.s3aas.server.db.DatabaseOptions;
import io.exordos.s3aas.server.db.EmbeddedDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code s3aas token create|list|revoke}: the local IAM's tokens, written straight to the server's
 * PostgreSQL ({@code --db-url}, or the embedded one under S3AAS_HOME, whether or not the server is
 * running; never a new one). Each says on stderr which database it uses. {@code create} prints the
 * token alone on stdout, so {@code TOKEN=$(s3aas token create --project P --role owner)} works; it
 * is never shown again.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Create, list and revoke bearer tokens of the local IAM (roles owner, operator, viewer per project).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
public final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Where the tokens live. */
  static final class DbOptions {
    @Mixin DatabaseOptions db = new DatabaseOptions();

    @Option(
        names = "--home",
        defaultValue = "${env:S3AAS_HOME}",
        description =
            "State directory of the embedded database (env S3AAS_HOME, default ~/.s3aas).")
    @Nullable Path home;

    /**
     * Runs {@code action} on the tokens of the server's database, after saying on {@code err} which
     * database that is. Without {@code --db-url} it is the embedded database under the state
     * directory: the running server's, or, when the server is stopped, that database started for
     * the command. A directory with no database is refused: a token written to a database that no
     * server reads would be refused by the server the user meant.
     */
    <T> T withTokens(PrintWriter err, Function<LocalTokens, T> action) {
      EmbeddedDatabase started = null;
      String url = db.url;
      String user = db.user;
      String password = db.password;
      if (url == null || url.isBlank()) {
        Path stateDir = home != null ? home : Paths.get(System.getProperty("user.home"), ".s3aas");
        Path dir = stateDir.toAbsolutePath().resolve("postgres");
        Integer port = runningPort(dir);
        if (port != null) {
          url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
          err.printf("using the database of the s3aas server running on %s (port %d)%n", dir, port);
        } else if (Files.isRegularFile(dir.resolve("PG_VERSION"))) {
          err.printf("using the database in %s (its server is not running)%n", dir);
          started = EmbeddedDatabase.start(dir, 0);
          url = started.jdbcUrl();
        } else {
          throw new IllegalStateException(
              "no s3aas database in "
                  + stateDir.toAbsolutePath()
                  + ": start the server there first (make run), or name its state directory"
                  + " (--home or S3AAS_HOME) or its PostgreSQL (--db-url)");
        }
        user = "postgres";
        password = "";
      } else {
        err.printf("using the database at %s%n", url.replaceFirst("\\?.*", ""));
      }
      try (Database db = Database.connect(url, user, password, 2, new SimpleMeterRegistry())) {
        return action.apply(new LocalTokens(db.dsl(), Clock.systemUTC()));
      } finally {
        if (started != null) {
          started.close();
        }
      }
    }

    /**
     * The port of the embedded PostgreSQL a running server started (line 4 of postmaster.pid), or
     * null.
     */
    private static @Nullable Integer runningPort(Path dataDir) {
      Path pid = dataDir.resolve("postmaster.pid");
      try {
        if (!Files.exists(pid)) {
          return null;
        }
        List<String> lines = Files.readAllLines(pid);
        long processId = Long.parseLong(lines.get(0).trim());
        if (ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false)
            && lines.size() > 3) {
          return Integer.parseInt(lines.get(3).trim());
        }
        return null;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token and print it (shown once).")
  static final class Create implements Callable<Integer> {
    @Mixin DbOptions db = new DbOptions();
    @Spec CommandSpec spec;

    @Option(
        names = "--project",
        required = true,
        description = "MetaPaaS project (= namespace), e.g. default or a project UUID.")
    String project;

    @Option(names = "--role", required = true, description = "owner, operator or viewer.")
    String role;

    @Option(names = "--description", defaultValue = "", description = "What the token is for.")
    String description;

    @Option(
        names = "--ttl",
        description = "Lifetime as an ISO-8601 duration (e.g. P30D, PT12H); default: no expiry.")
    @Nullable Duration ttl;

    @Override
    public Integer call() {
      Role r;
      try {
        r = Role.parse(role);
        LocalTokens.requireProject(project);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      LocalTokens.Created c =
          db.withTokens(spec.commandLine().getErr(), t -> t.create(project, r, description, ttl));
      spec.commandLine().getOut().println(c.token());
      spec.commandLine()
          .getErr()
          .printf(
              "token %s: role %s in project %s%s%n",
              c.id(), r.id(), project, c.expiresAt() == null ? "" : ", expires " + c.expiresAt());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List tokens (never the tokens themselves).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin DbOptions db = new DbOptions();
    @Spec CommandSpec spec;

    @Option(names = "--project", description = "Only this project.")
    @Nullable String project;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%-36s  %-36s  %-8s  %-25s  %s%n", "ID", "PROJECT", "ROLE", "STATE", "DESCRIPTION");
      for (LocalTokens.Info i : db.withTokens(spec.commandLine().getErr(), t -> t.list(project))) {
        String state =
            i.revokedAt() != null
                ? "revoked"
                : i.expiresAt() != null ? "expires " + i.expiresAt().toLocalDate() : "active";
        out.printf(
            "%-36s  %-36s  %-8s  %-25s  %s%n",
            i.id(), i.project(), i.role().id(), state, i.description());
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id.")
  static final class Revoke implements Callable<Integer> {
    @Mixin DbOptions db = new DbOptions();
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The token id (from token list).")
    String id;

    @Override
    public Integer call() {
      boolean done = db.withTokens(spec.commandLine().getErr(), t -> t.revoke(id));
      if (!done) {
        spec.commandLine().getErr().println("no active token " + id);
        return 1;
      }
      spec.commandLine().getErr().println("revoked " + id);
      return 0;
    }
  }
}
