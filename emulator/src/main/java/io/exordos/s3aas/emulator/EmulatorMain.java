package io.exordos.s3aas.emulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the emulators on their own: {@code emulator rustfs ...} or {@code emulator exordos ...}. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    subcommands = {RustfsEmulatorCommand.class, ExordosEmulatorCommand.class},
    description = "Exordos Core and RustFS node emulators for local runs and tests.")
public final class EmulatorMain implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new EmulatorMain()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
