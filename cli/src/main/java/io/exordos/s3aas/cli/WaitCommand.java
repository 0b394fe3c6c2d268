package io.exordos.s3aas.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "wait",
    sortOptions = false,
    description = {
      "Wait until resources meet a condition or are deleted.",
      "",
      "A live progress line shows the phase and conditions as they change (plain lines when stderr is not a terminal)."
    },
    footer = {
      "",
      "Examples:",
      "  s3ctl wait s3i/data --for=condition=Ready --timeout 5m",
      "  s3ctl wait bkt reports --for=delete",
      "  s3ctl wait key/app-key --for=jsonpath='{.status.phase}'=ACTIVE"
    })
final class WaitCommand extends Base {
  @Parameters(
      paramLabel = "TYPE/NAME... | TYPE NAME...",
      hideParamSyntax = true,
      arity = "1..*",
      completionCandidates = KindCandidates.class)
  List<String> args = new ArrayList<>();

  @Option(
      names = "--for",
      required = true,
      paramLabel = "CONDITION",
      description =
          "condition=TYPE[=STATUS] (STATUS defaults to True), delete, or jsonpath='{path}'=VALUE.")
  String forSpec;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "5m",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    Waiter.For what = Waiter.For.parse(forSpec);
    List<Target> targets = targets(args, true);
    Instant deadline = Instant.now().plus(timeout);
    Waiter waiter = new Waiter(this);
    for (Target t : targets) {
      waiter.await(t.kind(), namespace(), t.requireName(), what, deadline);
      out.println(t.display() + " " + what.description());
      out.flush();
    }
    return 0;
  }
}
