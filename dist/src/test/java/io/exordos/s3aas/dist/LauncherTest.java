package io.exordos.s3aas.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code s3aas} launcher as a user meets it: help on every command, a bad option or value is
 * one line and exit code 2, and {@code token create} never invents a database.
 */
class LauncherTest {
  @TempDir Path home;

  /** What one run of the launcher printed and answered. */
  record Run(int code, String out, String err) {}

  /** Runs {@code s3aas args...} as its own process (the launcher script's java command). */
  static Run launch(Path home, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.exordos.s3aas.dist.Main"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("s3aas-out", ".txt");
    Path err = Files.createTempFile("s3aas-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("S3AAS_HOME", home.toString());
    pb.environment().remove("S3AAS_DEBUG");
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("s3aas " + String.join(" ", args) + " did not end within 60 s");
    }
    try {
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  @Test
  void everyCommandAndSubcommandTakesHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(Launcher.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(8);
    for (List<String> path : paths) {
      for (String help : List.of("-h", "--help")) {
        CommandLine cl = Launcher.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(path);
        args.add(help);
        int code = cl.execute(args.toArray(String[]::new));
        assertThat(code).as("s3aas %s: %s", String.join(" ", args), err).isZero();
        assertThat(out.toString())
            .as("s3aas %s", String.join(" ", args))
            .startsWith("Usage: s3aas");
      }
    }
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      collect(sub.getValue(), next, paths);
    }
  }

  @Test
  void aBadOptionIsOneLineAndExitCode2() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"token", "create", "--project", "p", "--role", "admin"},
            new String[] {
              "emulator",
              "rustfs",
              "--port",
              "0",
              "--root-user",
              "ab",
              "--root-password",
              "secret123"
            },
            new String[] {"up", "--no-such-option"},
            new String[] {"server", "--port", "eighty"},
            new String[] {"server", "--iam", "ldap", "--port", "0"},
            new String[] {"token", "create", "--project", "p"},
            new String[] {"no-such-command"})) {
      Run r = launch(home, args);
      String shown = String.join(" ", args) + "\n" + r.err();
      assertThat(r.code()).as(shown).isEqualTo(2);
      assertThat(r.err().lines()).as(shown).hasSize(1);
      assertThat(r.err()).as(shown).startsWith("s3aas").doesNotContain("Exception", "\tat ");
    }
    assertThat(launch(home, "token", "create", "--project", "p", "--role", "admin").err())
        .contains("role must be owner, operator or viewer");
    assertThat(
            launch(
                    home,
                    "emulator",
                    "rustfs",
                    "--port",
                    "0",
                    "--root-user",
                    "ab",
                    "--root-password",
                    "secret123")
                .err())
        .contains("--root-user: must have at least 3 characters");
    assertThat(launch(home, "emulator", "rustfs", "--port", "0", "--root-user", "ab").err())
        .contains("--root-password");
  }

  @Test
  void tokenCreateRefusesAHomeWithNoDatabase() throws Exception {
    Run r = launch(home, "token", "create", "--project", "default", "--role", "owner");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).as("no token printed").isEmpty();
    assertThat(r.err().strip())
        .isEqualTo(
            "s3aas token create: no s3aas database in "
                + home
                + ": start the server there first (make run), or name its state directory"
                + " (--home or S3AAS_HOME) or its PostgreSQL (--db-url)");
    assertThat(home.resolve("postgres")).as("no database created").doesNotExist();
  }
}
