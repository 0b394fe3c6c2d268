package io.exordos.s3aas.dist;

import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code s3aas} command line as a user meets it: every command and subcommand answers {@code
 * -h}/{@code --help}, and a bad option or value is one line on stderr with exit code 2 (what
 * picocli and most Unix tools use for a usage error), never a stack trace. A failure of the work
 * itself is one line with exit code 1; {@code S3AAS_DEBUG=1} adds the stack trace.
 */
final class Launcher {
  private Launcher() {}

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    withHelp(cl);
    cl.setParameterExceptionHandler((e, args) -> usageError(e));
    cl.setExecutionExceptionHandler((e, c, parsed) -> failure(e, c));
    return cl;
  }

  private static void withHelp(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (!spec.mixinStandardHelpOptions()) {
      spec.mixinStandardHelpOptions(true);
    }
    cl.getSubcommands().values().forEach(Launcher::withHelp);
  }

  private static int usageError(ParameterException e) {
    CommandLine cl = e.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    cl.getErr().printf("%s: %s (see '%s --help')%n", command, firstLine(e.getMessage()), command);
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int failure(Exception e, CommandLine cl) {
    if (e instanceof ParameterException p) {
      return usageError(p);
    }
    PrintWriter err = cl.getErr();
    String command = cl.getCommandSpec().qualifiedName();
    if (System.getenv("S3AAS_DEBUG") != null) {
      e.printStackTrace(err);
    }
    if (e instanceof IllegalArgumentException) { // a value the command could only check by using it
      err.printf("%s: %s (see '%s --help')%n", command, firstLine(e.getMessage()), command);
      return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
    err.printf("%s: %s%n", command, firstLine(String.valueOf(describe(e))));
    err.flush();
    return cl.getCommandSpec().exitCodeOnExecutionException();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String firstLine(@Nullable String message) {
    return message == null ? "" : message.split("\n", 2)[0].strip();
  }
}
