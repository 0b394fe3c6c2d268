package io.exordos.s3aas.emulator;

import io.exordos.s3aas.emulator.core.ExordosCore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emulator exordos}: the Exordos Core emulator in the foreground until interrupted. */
@Command(
    name = "exordos",
    mixinStandardHelpOptions = true,
    description =
        "Run an Exordos Core emulator (IAM tokens, node sets, configs; nodes run RustFS emulators).")
public final class ExordosEmulatorCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      required = true,
      description = "Port to listen on (0 picks a free one).")
  int port;

  @Option(names = "--admin-user", required = true, description = "IAM user that get_token accepts.")
  String adminUser;

  @Option(names = "--admin-password", required = true, description = "Its password.")
  String adminPassword;

  @Option(
      names = "--address",
      defaultValue = "127.0.0.1",
      description = "IP address to bind (default ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--project",
      defaultValue = "4d657461-0000-0000-0000-000000000002",
      description = "Default project of the admin user (default ${DEFAULT-VALUE}).")
  String project;

  @Option(
      names = "--activation-delay",
      defaultValue = "PT2S",
      description = "How long a node set stays IN_PROGRESS, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration activationDelay;

  @Option(
      names = "--data-root",
      description = "Keep each node's RustFS state under this directory.")
  Path dataRoot;

  volatile @Nullable ExordosCore core;

  @Override
  public Integer call() {
    ExordosCore.Config cfg =
        ExordosCore.Config.of(adminUser, adminPassword)
            .withHost(address)
            .withPort(port)
            .withProjectId(project)
            .withDelays(Duration.ofMillis(500), activationDelay, Duration.ofMillis(200))
            .withDataRoot(dataRoot);
    core = ExordosCore.start(cfg);
    System.out.println(
        "Exordos Core emulator listening on "
            + core.endpoint()
            + " (load balancer path, where the client alias \"default\" resolves: "
            + core.loadBalancerEndpoint()
            + ")");
    return RunUntilInterrupted.run(core);
  }
}
