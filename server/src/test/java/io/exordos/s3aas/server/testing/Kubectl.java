package io.exordos.s3aas.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl ({@code /usr/bin/kubectl}, or {@code s3aas.test.kubectl}) as a process
 * against a test server, with a kubeconfig and discovery cache of its own.
 */
public final class Kubectl implements AutoCloseable {
  private static final String BINARY = System.getProperty("s3aas.test.kubectl", "/usr/bin/kubectl");

  private final Path dir;
  private final Path kubeconfig;
  private final Path cache;
  private final List<Background> running = new CopyOnWriteArrayList<>();

  public Kubectl(TestServer server) {
    this(server, server.token(), "default");
  }

  /** kubectl as the holder of {@code token}, with {@code namespace} as its context's default. */
  public Kubectl(TestServer server, String token, String namespace) {
    try {
      dir = Files.createTempDirectory("s3aas-kubectl");
      kubeconfig = dir.resolve("kubeconfig");
      cache = dir.resolve("cache");
      String ca =
          Base64.getEncoder().encodeToString(server.caPem().getBytes(StandardCharsets.US_ASCII));
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: s3aas
            cluster:
              server: %s
              certificate-authority-data: %s
          users:
          - name: admin
            user:
              token: %s
          contexts:
          - name: s3aas
            context:
              cluster: s3aas
              user: admin
              namespace: %s
          current-context: s3aas
          """
              .formatted(server.url(), ca, token, namespace));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private ProcessBuilder builder(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY);
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + cache);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", dir.toString());
    return pb;
  }

  /** Runs kubectl to completion (at most 60 s). */
  public Result run(String... args) {
    return runEnv(java.util.Map.of(), args);
  }

  /** Runs kubectl to completion (at most 60 s) with extra environment variables (an EDITOR). */
  public Result runEnv(java.util.Map<String, String> env, String... args) {
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            "kubectl " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts kubectl in the background (a watch, a waiting delete), capturing its output lines. */
  public Background start(String... args) {
    try {
      Process p = builder(args).start();
      Background b = new Background(p);
      running.add(b);
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubectl process still running. */
  public static final class Background implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    Background(Process process) {
      this.process = process;
      pump(process.getInputStream(), stdout);
      pump(process.getErrorStream(), stderr);
    }

    private static void pump(java.io.InputStream in, List<String> into) {
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    into.add(line);
                  }
                } catch (IOException e) {
                  // process ended
                }
              },
              "kubectl-output");
      t.setDaemon(true);
      t.start();
    }

    public List<String> stdout() {
      return stdout;
    }

    public List<String> stderr() {
      return stderr;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public int exitCode() {
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    running.forEach(Background::close);
    TestServer.deleteTree(dir);
  }
}
