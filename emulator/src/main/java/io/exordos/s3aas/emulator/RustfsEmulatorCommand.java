package io.exordos.s3aas.emulator;

import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code emulator rustfs}: one RustFS node emulator in the foreground until interrupted. */
@Command(
    name = "rustfs",
    mixinStandardHelpOptions = true,
    description =
        "Run a RustFS node emulator (S3 + admin API, SigV4, IAM policies) until interrupted.")
public final class RustfsEmulatorCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      required = true,
      description = "Port to listen on (0 picks a free one).")
  int port;

  @Option(
      names = "--root-user",
      required = true,
      description = "Root access key (at least 3 characters).")
  String rootUser;

  @Option(
      names = "--root-password",
      required = true,
      description = "Root secret key (at least 8 characters).")
  String rootPassword;

  @Option(
      names = "--data-dir",
      description = "Keep buckets, objects and IAM state here across restarts.")
  Path dataDir;

  @Option(
      names = "--address",
      defaultValue = "127.0.0.1",
      description = "IP address to bind (default ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--region",
      defaultValue = "us-east-1",
      description = "Region for SigV4 (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--disk-bytes",
      description =
          "Size of the emulated drive in bytes, reported by storageinfo and datausageinfo"
              + " (default 100 GiB).")
  @Nullable Long diskBytes;

  /** Set once the node listens; lets in-process callers (tests) find the port. */
  volatile @Nullable RustfsNode node;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Refused as a usage error (one line, exit 2) naming the option, before the node would refuse
    // it
    if (rootUser.length() < 3) {
      throw new ParameterException(
          spec.commandLine(),
          "--root-user: must have at least 3 characters, got " + rootUser.length());
    }
    if (rootPassword.length() < 8) {
      throw new ParameterException(
          spec.commandLine(), "--root-password: must have at least 8 characters");
    }
    if (diskBytes != null && diskBytes < 0) {
      throw new ParameterException(
          spec.commandLine(), "--disk-bytes: must not be negative, got " + diskBytes);
    }
    RustfsNode started =
        RustfsNode.start(
            new RustfsNode.Config(
                address, port, rootUser, rootPassword, dataDir, region, Clock.systemUTC()));
    if (diskBytes != null) {
      started.diskBytes(diskBytes);
    }
    node = started;
    System.out.println("RustFS emulator listening on " + started.endpoint());
    return RunUntilInterrupted.run(started);
  }
}
