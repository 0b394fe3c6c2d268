package io.exordos.s3aas.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "completion",
    description = {
      "Print a shell completion script.",
      "",
      "bash:  source <(s3ctl completion bash)",
      "zsh:   source <(s3ctl completion zsh)"
    })
final class CompletionCommand extends Base {
  @Parameters(paramLabel = "bash|zsh")
  String shell;

  @Override
  public Integer call() {
    // the script must know every command, so build the full command tree here
    CommandLine full = S3ctl.commandLine(new String[0]);
    String script = AutoComplete.bash("s3ctl", full);
    switch (shell) {
      case "bash" -> out.print(script);
      case "zsh" -> {
        out.println("autoload -U +X compinit && compinit");
        out.println("autoload -U +X bashcompinit && bashcompinit");
        out.print(script);
      }
      default -> throw new CliException(2, "unsupported shell \"" + shell + "\": use bash or zsh");
    }
    return 0;
  }
}
