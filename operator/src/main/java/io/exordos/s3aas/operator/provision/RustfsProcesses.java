package io.exordos.s3aas.operator.provision;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Local nodes as {@code rustfs server} processes of one binary, configured by their env. */
public final class RustfsProcesses implements LocalNodes {
  private static final Logger LOG = LoggerFactory.getLogger(RustfsProcesses.class);

  private final Path binary;

  public RustfsProcesses(Path binary) {
    this.binary = binary;
  }

  /** The {@code rustfs} executable on PATH, if there is one. */
  public static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path p = Path.of(dir, "rustfs");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public Node start(InstancePlan plan, Path dir, int port, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(binary.toString(), "server", dir.resolve("data").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("rustfs.log").toFile());
    pb.environment().putAll(env);
    LOG.info("starting {} for {}/{} on 127.0.0.1:{}", binary, plan.namespace(), plan.name(), port);
    Process process = pb.start();
    return new Node() {
      @Override
      public boolean alive() {
        return process.isAlive();
      }

      @Override
      public void stop() {
        process.destroy();
      }
    };
  }

  @Override
  public String toString() {
    return binary.toString();
  }
}
