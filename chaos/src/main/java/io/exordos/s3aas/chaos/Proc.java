package io.exordos.s3aas.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process with its output appended to a log file; killed or stopped by its own pid. */
final class Proc implements AutoCloseable {
  private final String name;
  private final Process process;

  private Proc(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static Proc start(String name, Path log, Map<String, String> env, List<String> command) {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().putAll(env);
    try {
      return new Proc(name, b.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Runs a command to its end; fails unless it exits 0. */
  static void run(Path log, List<String> command) {
    Proc p = start(command.get(0), log, Map.of(), command);
    try {
      if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
        p.kill();
        throw new IllegalStateException("timed out: " + command + " (see " + log + ")");
      }
      if (p.process.exitValue() != 0) {
        throw new IllegalStateException(
            "exit " + p.process.exitValue() + ": " + command + " (see " + log + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * kill -9: the process gets no chance to finish anything (Process.destroyForcibly is SIGKILL).
   */
  void kill() {
    process.destroyForcibly();
    waitGone();
  }

  /** SIGTERM, then SIGKILL if it has not ended within 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  private void waitGone() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
