package io.exordos.s3aas.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `make run` promises: `s3aas up` starts on an embedded PostgreSQL, writes a kubeconfig that
 * kubectl uses with no further set-up, stops cleanly on a signal, and a second start on the same
 * home finds every resource again.
 */
class UpCommandTest {
  @TempDir Path home;

  @Test
  void upServesKubectlStopsCleanlyAndKeepsStateAcrossRestarts() throws Exception {
    Path examples = Paths.get("../examples/01-instance.yaml").toAbsolutePath();

    Process first = startUp();
    try {
      kubectl("apply", "-f", examples.toString());
      assertThat(kubectl("get", "s3instances", "-o", "name"))
          .contains("s3instance.s3aas.exordos.io/data");
    } finally {
      stop(first);
    }
    assertThat(Files.getPosixFilePermissions(home.resolve("kubeconfig")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(home.resolve("admin-token")))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(postgresProcessesFor(home))
        .as("the embedded PostgreSQL stopped with s3aas")
        .isEmpty();

    Process second = startUp();
    try {
      assertThat(kubectl("get", "s3i", "data", "-o", "jsonpath={.spec.bucketName}"))
          .isEqualTo("data-bucket");

      // A second one on the same home is refused at once, naming the running one, which serves on.
      LauncherTest.Run again = LauncherTest.launch(home, "up", "--port", "0");
      assertThat(again.code()).as(again.err()).isEqualTo(1);
      assertThat(again.err())
          .contains("already running on " + home + " (pid " + second.pid() + ", port ")
          .doesNotContain("Exception");
      assertThat(makeRun().err())
          .as("make run refuses before building anything")
          .contains("already running on " + home + " (pid " + second.pid() + ", port ");
      assertThat(kubectl("get", "s3instances", "-o", "name"))
          .contains("s3instance.s3aas.exordos.io/data");

      // token create uses the running server's database, says so, and the server takes the token
      LauncherTest.Run token =
          LauncherTest.launch(home, "token", "create", "--project", "default", "--role", "viewer");
      assertThat(token.code()).as(token.err()).isZero();
      assertThat(token.err())
          .startsWith(
              "using the database of the s3aas server running on " + home.resolve("postgres"));
      assertThat(kubectl("--token", token.out().strip(), "get", "s3instances", "-o", "name"))
          .contains("s3instance.s3aas.exordos.io/data");
    } finally {
      stop(second);
    }
    assertThat(home.resolve(RunLock.PID_FILE)).as("removed on a clean stop").doesNotExist();
  }

  private Process startUp() throws Exception {
    String classpath = System.getProperty("java.class.path");
    ProcessBuilder pb =
        new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classpath,
            "io.exordos.s3aas.dist.Main",
            "up",
            "--port",
            "0");
    pb.environment().put("S3AAS_HOME", home.toString());
    pb.environment().put("S3AAS_ACCESS_LOG", "WARN");
    pb.redirectError(home.resolve("up.log").toFile());
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    String l;
                    while ((l = out.readLine()) != null) {
                      if (l.startsWith("s3aas is up at")) {
                        return l;
                      }
                    }
                    return null;
                  } catch (IOException e) {
                    return null;
                  }
                })
            .get(120, TimeUnit.SECONDS);
    if (line == null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(line)
        .as("s3aas up announced itself; its log:%n%s", Files.readString(home.resolve("up.log")))
        .isNotNull();
    return p;
  }

  /** {@code make run} on this home, from the repository root, for at most a minute. */
  private LauncherTest.Run makeRun() throws Exception {
    Path root = Paths.get("..").toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder("make", "--no-print-directory", "run", "S3AAS_HOME=" + home)
            .directory(root.toFile())
            .redirectOutput(home.resolve("make.out").toFile())
            .redirectError(home.resolve("make.err").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("make run did not refuse within a minute: it built instead");
    }
    return new LauncherTest.Run(
        p.exitValue(),
        Files.readString(home.resolve("make.out")),
        Files.readString(home.resolve("make.err")));
  }

  private void stop(Process p) throws Exception {
    p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook closes the server and PostgreSQL
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("s3aas stopped within a minute").isTrue();
    assertThat(Files.readString(home.resolve("up.log"))).doesNotContain("level=ERROR");
  }

  private String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                home.resolve("kubeconfig").toString(),
                "--cache-dir",
                home.resolve("kube-cache").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
    return output.trim();
  }

  private static List<String> postgresProcessesFor(Path home) throws IOException {
    List<String> found = new ArrayList<>();
    File[] procs = new File("/proc").listFiles((d, n) -> n.matches("\\d+"));
    for (File proc : procs == null ? new File[0] : procs) {
      try {
        String cmd = Files.readString(proc.toPath().resolve("cmdline")).replace('\0', ' ');
        if (cmd.contains("postgres") && cmd.contains(home.toString())) {
          found.add(cmd);
        }
      } catch (IOException e) {
        // process ended while we looked
      }
    }
    return found;
  }
}
