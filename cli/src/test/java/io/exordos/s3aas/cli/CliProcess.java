package io.exordos.s3aas.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real s3ctl as a separate JVM, on the module's runtime class path. */
final class CliProcess {
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static final String CLASSPATH = classpath();

  private static String classpath() {
    try {
      Path deps = Path.of("target", "cli-classpath.txt");
      String libs = Files.exists(deps) ? Files.readString(deps).trim() : "";
      return Path.of("target", "classes").toAbsolutePath()
          + (libs.isEmpty() ? "" : java.io.File.pathSeparator + libs);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-cp",
            CLASSPATH,
            "io.exordos.s3aas.cli.S3ctl"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A clean environment: only what s3ctl should see. */
  static Map<String, String> env(Path s3aasHome) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", s3aasHome.resolve("user-home").toString());
    env.put("S3AAS_HOME", s3aasHome.toString());
    env.put("LANG", "C.UTF-8");
    return env;
  }

  static Process start(Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args));
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  static Result run(Map<String, String> env, String stdin, String... args) throws Exception {
    Process p = start(env, args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = pump(p.getInputStream(), out);
    Thread e = pump(p.getErrorStream(), err);
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("s3ctl " + String.join(" ", args) + " did not finish in 120s");
    }
    o.join();
    e.join();
    return new Result(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Copies a stream on a thread; the buffer can be read while the process runs. */
  static Thread pump(InputStream from, ByteArrayOutputStream to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              int n;
              try {
                while ((n = from.read(buf)) > 0) {
                  synchronized (to) {
                    to.write(buf, 0, n);
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }
}
