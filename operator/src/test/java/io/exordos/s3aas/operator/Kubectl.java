package io.exordos.s3aas.operator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl ({@code s3aas.test.kubectl}, default /usr/bin/kubectl) against a {@link TestEnv}
 * server, with a kubeconfig and HOME of its own.
 */
final class Kubectl implements AutoCloseable {
  private static final String BINARY = System.getProperty("s3aas.test.kubectl", "/usr/bin/kubectl");

  record Result(int exit, String out, String err) {}

  private final Path dir;
  private final Path kubeconfig;
  private final List<Process> background = new CopyOnWriteArrayList<>();

  Kubectl(TestEnv env) throws IOException {
    dir = Files.createTempDirectory("s3aas-op-kubectl");
    kubeconfig = dir.resolve("kubeconfig");
    String ca =
        Base64.getEncoder()
            .encodeToString(
                Objects.requireNonNull(env.server.caCertificatePem(), "the test server has TLS")
                    .getBytes(StandardCharsets.US_ASCII));
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
            namespace: default
        current-context: s3aas
        """
            .formatted(env.server.url(), ca, env.token));
  }

  private ProcessBuilder builder(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY);
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + dir.resolve("cache"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", dir.toString());
    return pb;
  }

  /** Runs kubectl to completion (at most 60 s). */
  Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Applies a manifest given as text. */
  Result apply(String yaml) throws IOException, InterruptedException {
    Path f = Files.createTempFile(dir, "manifest", ".yaml");
    Files.writeString(f, yaml);
    return run("apply", "-f", f.toString());
  }

  /** Starts kubectl in the background (a watch); its output lines are collected as they come. */
  List<String> start(String... args) throws IOException {
    Process p = builder(args).redirectErrorStream(true).start();
    background.add(p);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> pump(p.getInputStream(), lines), "kubectl-watch");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static void pump(InputStream in, List<String> into) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        into.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    background.forEach(Process::destroyForcibly);
    TestEnv.deleteTree(dir);
  }

  static void check(Result r, String what) {
    if (r.exit() != 0) {
      throw new AssertionError(what + ": exit " + r.exit() + "\n" + r.out() + r.err());
    }
  }
}
