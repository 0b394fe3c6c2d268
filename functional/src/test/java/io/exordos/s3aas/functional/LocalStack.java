package io.exordos.s3aas.functional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code make functional} runs against when no seed variable is set: three processes from
 * {@code output/bin/s3aas}, each on a free loopback port, logging to {@code
 * functional/target/functional-local}:
 *
 * <ol>
 *   <li>{@code s3aas emulator exordos}: Core IAM, node sets and configs; its nodes run RustFS
 *       emulators on 127.20.x.y:9000;
 *   <li>{@code s3aas server --iam exordos}: the facade and the resource API on an embedded
 *       PostgreSQL, plain HTTP (as on the s3aas-cp node behind the Core load balancer), checking
 *       tokens by introspection with the emulator;
 *   <li>{@code s3aas operator --provisioner exordos}: node sets and rustfs.env configs in the
 *       emulator's MetaPaaS project.
 * </ol>
 *
 * The emulator has one IAM user, so the Core admin and the MetaPaaS user are the same account here.
 * {@link #close} stops the processes in reverse order (SIGTERM, then SIGKILL) and any PostgreSQL
 * left behind.
 */
final class LocalStack implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path workdir;
  private final Path home;
  private final List<Proc> procs = new ArrayList<>();
  private final Map<String, String> variables = new LinkedHashMap<>();
  private final Thread hook = new Thread(this::stopAll, "functional-local-stack-stop");
  private boolean closed;

  private record Proc(String name, Process process, Path log) {}

  private LocalStack(Path workdir) {
    this.workdir = workdir;
    this.home = workdir.resolve("s3aas-home");
  }

  static LocalStack start(Path s3aas, Path workdir) {
    if (!Files.isExecutable(s3aas)) {
      throw new IllegalStateException(
          s3aas
              + " is missing: run `make build` first (or set the EXORDOS_* variables to test a live system)");
    }
    LocalStack stack = new LocalStack(workdir.toAbsolutePath());
    stack.killLeftoverPostgres(); // of an earlier run that was killed
    deleteTree(workdir);
    Runtime.getRuntime().addShutdownHook(stack.hook);
    try {
      stack.startAll(s3aas.toAbsolutePath());
      return stack;
    } catch (RuntimeException | Error e) {
      String logs = stack.logTails();
      stack.close();
      throw new IllegalStateException(
          "the local stack did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  private void startAll(Path s3aas) {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String admin = "admin";
    String password = "fn-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    int corePort = freePort();
    int apiPort = freePort();
    String core = "http://127.0.0.1:" + corePort;
    String api = "http://127.0.0.1:" + apiPort;

    spawn(
        "emulator",
        s3aas,
        "emulator",
        "exordos",
        "--port",
        String.valueOf(corePort),
        "--admin-user",
        admin,
        "--admin-password",
        password,
        "--activation-delay",
        "PT1S");
    spawn(
        "server",
        s3aas,
        "server",
        "--port",
        String.valueOf(apiPort),
        "--bind",
        "127.0.0.1",
        "--no-tls",
        "--iam",
        "exordos",
        "--exordos-url",
        core + "/api/core");
    await(
        "the Core emulator",
        () -> {
          Http.coreToken(core + "/api/core", "default", admin, password, "");
          return true;
        });
    await("s3aas server /healthz", () -> new Http(api, null).get("/healthz").status() == 200);
    String adminToken;
    try {
      adminToken = Files.readString(home.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spawn(
        "operator",
        s3aas,
        "operator",
        "--server",
        api,
        "--token",
        adminToken,
        "--provisioner",
        "exordos",
        "--exordos-url",
        core + "/api/core",
        "--exordos-user",
        admin,
        "--exordos-password",
        password,
        "--exordos-project",
        FunctionalEnv.METAPAAS_PROJECT,
        "--poll-interval",
        "PT15S");

    variables.put("EXORDOS_ENDPOINT", core + "/api/core");
    variables.put("EXORDOS_USERNAME", admin);
    variables.put("EXORDOS_PASSWORD", password);
    variables.put("METAPAAS_USERNAME", admin);
    variables.put("METAPAAS_PASSWORD", password);
    variables.put("EXORDOS_S3_CP_URL", api);
  }

  Map<String, String> variables() {
    return variables;
  }

  private void spawn(String name, Path s3aas, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(s3aas.toString());
    cmd.addAll(List.of(args));
    Path log = workdir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("S3AAS_HOME", home.toString());
    // Small, quick-starting JVMs: the machine running the suite is often busy.
    pb.environment()
        .put(
            "S3AAS_JAVA_OPTS",
            System.getenv()
                .getOrDefault(
                    "FUNCTIONAL_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m"));
    for (String v : FunctionalEnv.SEED_VARIABLES) {
      pb.environment().remove(v);
    }
    try {
      procs.add(new Proc(name, pb.start(), log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean ok() throws Exception;
  }

  private void await(String what, Check check) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      for (Proc p : procs) {
        if (!p.process().isAlive()) {
          throw new IllegalStateException(
              p.name() + " exited with " + p.process().exitValue() + " (log " + p.log() + ")");
        }
      }
      try {
        if (check.ok()) {
          return;
        }
      } catch (Exception | AssertionError e) {
        last = e instanceof Exception ex ? ex : new RuntimeException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(
        what + " not ready after " + START_TIMEOUT + (last == null ? "" : ": " + last));
  }

  /** The last lines of every log, and which process has died. */
  String logTails() {
    StringBuilder b = new StringBuilder();
    for (Proc p : procs) {
      b.append("---- ")
          .append(p.name())
          .append(p.process().isAlive() ? "" : " (exited " + p.process().exitValue() + ")")
          .append(": ")
          .append(p.log())
          .append('\n');
      try {
        List<String> lines = Files.readAllLines(p.log(), StandardCharsets.UTF_8);
        lines
            .subList(Math.max(0, lines.size() - 25), lines.size())
            .forEach(l -> b.append("  ").append(l).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        b.append("  (unreadable: ").append(e.getMessage()).append(")\n");
      }
    }
    return b.toString();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private synchronized void stopAll() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = procs.size() - 1; i >= 0; i--) {
      Process p = procs.get(i).process();
      p.destroy();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    killLeftoverPostgres();
  }

  /**
   * The embedded PostgreSQL runs detached from the server JVM: if the server was killed, stop it by
   * its postmaster.pid.
   */
  private void killLeftoverPostgres() {
    if (!Files.isDirectory(home)) {
      return;
    }
    try (Stream<Path> s = Files.walk(home, 4)) {
      s.filter(f -> f.getFileName().toString().equals("postmaster.pid"))
          .forEach(
              f -> {
                try {
                  long pid = Long.parseLong(Files.readAllLines(f).get(0).trim());
                  ProcessHandle.of(pid)
                      .filter(h -> h.info().command().orElse("").contains("postgres"))
                      .ifPresent(
                          h -> {
                            h.destroy();
                            h.onExit()
                                .orTimeout(20, TimeUnit.SECONDS)
                                .exceptionally(
                                    t -> {
                                      h.destroyForcibly();
                                      return h;
                                    })
                                .join();
                          });
                } catch (IOException | RuntimeException e) {
                  // already gone, or not ours to parse
                }
              });
    } catch (IOException e) {
      // nothing to clean
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
