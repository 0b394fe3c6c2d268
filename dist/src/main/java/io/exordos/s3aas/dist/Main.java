package io.exordos.s3aas.dist;

import io.exordos.s3aas.emulator.EmulatorMain;
import io.exordos.s3aas.server.iam.TokenCommand;
import picocli.CommandLine.Command;

/** {@code s3aas}: one launcher for the all-in-one mode, the server and the admin commands. */
@Command(
    name = "s3aas",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "S3 object storage as a service for Exordos MetaPaaS.",
    subcommands = {
      UpCommand.class,
      ServerCommand.class,
      OperatorCommand.class,
      TokenCommand.class,
      EmulatorMain.class,
      PrepareEnvCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(Launcher.commandLine().execute(args));
  }
}
