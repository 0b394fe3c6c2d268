package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "delete",
    sortOptions = false,
    description = {
      "Delete resources by name, by label or from manifests.",
      "",
      "The operator cleans up (finalizers) before the object disappears; --wait follows that with a progress line."
    },
    footer = {
      "",
      "Examples:",
      "  s3ctl delete bkt reports",
      "  s3ctl delete s3i/data --wait --timeout 10m",
      "  s3ctl delete -f examples/",
      "  s3ctl delete key -l app=old"
    })
final class DeleteCommand extends Base {
  @Parameters(
      paramLabel = "TYPE NAME... | TYPE/NAME...",
      hideParamSyntax = true,
      arity = "0..*",
      completionCandidates = KindCandidates.class)
  List<String> args = new ArrayList<>();

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      description = "Delete the objects in these manifests.")
  List<String> files = new ArrayList<>();

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Delete every object of TYPE matching the label selector.")
  String selector;

  @Option(names = "--wait", description = "Wait until the objects are gone (finalizers done).")
  boolean waitGone;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "5m",
      description = "With --wait: how long to wait (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--ignore-not-found", description = "Treat a missing object as deleted.")
  boolean ignoreNotFound;

  @Option(
      names = "--dry-run",
      paramLabel = "none|server",
      arity = "0..1",
      fallbackValue = "server",
      defaultValue = "none",
      description = "server: the server checks the deletion without doing it.")
  String dryRun;

  private record Victim(CliKinds.Kind kind, @Nullable String ns, String name) {}

  @Override
  public Integer call() {
    if (!List.of("none", "server", "client").contains(dryRun)) {
      throw new CliException(2, "--dry-run must be none, client or server, not \"" + dryRun + "\"");
    }
    if (files.isEmpty() == args.isEmpty()) {
      throw new CliException(
          2,
          files.isEmpty()
              ? "name what to delete: TYPE NAME, TYPE/NAME, TYPE -l SELECTOR or -f FILE"
              : "give either -f FILE or TYPE NAME, not both");
    }
    List<Victim> victims = new ArrayList<>();
    if (!files.isEmpty()) {
      for (Manifests.Manifest m : Manifests.read(files, System.in)) {
        CliKinds.Kind kind = CliKinds.forManifest(m.apiVersion(), m.kind());
        String ns = m.object().path("metadata").path("namespace").asText("");
        victims.add(
            new Victim(
                kind, kind.namespaced() ? (ns.isEmpty() ? namespace() : ns) : null, m.name()));
      }
    } else {
      List<Target> targets = targets(args, selector == null);
      if (selector != null) {
        if (targets.get(0).name() != null) {
          throw new CliException(2, "name cannot be provided when a selector is specified");
        }
        CliKinds.Kind kind = targets.get(0).kind();
        for (JsonNode o : list(kind, namespace(), selector, null).items()) {
          victims.add(
              new Victim(
                  kind,
                  o.path("metadata").path("namespace").asText(namespace()),
                  o.path("metadata").path("name").asText()));
        }
        if (victims.isEmpty()) {
          err.println("No resources found");
          return 0;
        }
      } else {
        for (Target t : targets) {
          victims.add(
              new Victim(t.kind(), t.kind().namespaced() ? namespace() : null, t.requireName()));
        }
      }
    }
    String suffix =
        dryRun.equals("none") ? "" : " (" + (dryRun.equals("server") ? "server " : "") + "dry run)";
    List<Victim> deleted = new ArrayList<>();
    int failures = 0;
    for (Victim v : victims) {
      ObjectNode options = Json.object();
      options
          .put("kind", "DeleteOptions")
          .put("apiVersion", "v1")
          .put("propagationPolicy", "Background");
      try {
        String path = v.kind().itemPath(v.ns(), v.name());
        if (dryRun.equals("client")) {
          api().get(path);
        } else {
          api()
              .send(
                  "DELETE",
                  path + (dryRun.equals("server") ? "?dryRun=All" : ""),
                  options,
                  "application/json");
        }
        out.println(v.kind().qualifiedSingular() + " \"" + v.name() + "\" deleted" + suffix);
        out.flush();
        deleted.add(v);
      } catch (Api.ApiError e) {
        if (e.code == 404 && ignoreNotFound) {
          continue;
        }
        out.flush();
        err.println("error: " + e.getMessage());
        failures++;
      }
    }
    if (waitGone && dryRun.equals("none")) {
      Instant deadline = Instant.now().plus(timeout);
      Waiter waiter = new Waiter(this);
      for (Victim v : deleted) {
        waiter.await(v.kind(), v.ns(), v.name(), Waiter.For.parse("delete"), deadline);
      }
    }
    return failures > 0 ? 1 : 0;
  }
}
