package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "apply",
    sortOptions = false,
    description = {
      "Create or update resources from files, directories (recursively) or stdin.",
      "",
      "Prints TYPE/NAME created, configured or unchanged for each object. Uses the same",
      "last-applied annotation as kubectl apply, so the two can be mixed."
    },
    footer = {
      "",
      "Examples:",
      "  s3ctl apply -f examples/",
      "  s3ctl apply -f instance.yaml --wait",
      "  cat bucket.yaml | s3ctl apply -f -",
      "  s3ctl apply -f examples/ --dry-run=server"
    })
final class ApplyCommand extends Base {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR|-",
      description = "Manifest file, directory (read recursively) or - for stdin; repeatable.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--dry-run",
      paramLabel = "none|client|server",
      arity = "0..1",
      fallbackValue = "client",
      defaultValue = "none",
      description =
          "client: validate locally and show what would happen; server: the server validates and admits without saving.")
  String dryRun;

  @Option(
      names = "--wait",
      description = "Then wait until every applied object is Ready (progress on stderr).")
  boolean waitReady;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "5m",
      description = "With --wait: how long to wait (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "name",
      description = "name: print only TYPE/NAME.")
  String output;

  @Override
  public Integer call() {
    if (!List.of("none", "client", "server").contains(dryRun)) {
      throw new CliException(2, "--dry-run must be none, client or server, not \"" + dryRun + "\"");
    }
    if (output != null && !output.equals("name")) {
      throw new CliException(2, "apply supports only -o name");
    }
    List<Manifests.Manifest> manifests = Manifests.read(files, System.in);
    if (manifests.isEmpty()) {
      throw new CliException("no objects passed to apply");
    }
    List<String> errors = new ArrayList<>();
    List<Object[]> applied = new ArrayList<>();
    for (Manifests.Manifest m : manifests) {
      try {
        CliKinds.Kind kind;
        try {
          kind = CliKinds.forManifest(m.apiVersion(), m.kind());
        } catch (CliException e) {
          throw new CliException(m.where("kind") + ": " + e.getMessage());
        }
        String ns = namespaceOf(kind, m);
        String result = apply(kind, ns, m);
        out.println(
            output != null
                ? kind.qualifiedSingular() + "/" + m.name()
                : kind.qualifiedSingular() + "/" + m.name() + " " + result);
        out.flush();
        applied.add(new Object[] {kind, ns, m.name()});
      } catch (CliException e) {
        out.flush();
        errors.add(e.getMessage());
        err.println("error: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      return 1;
    }
    if (waitReady && dryRun.equals("none")) {
      Instant deadline = Instant.now().plus(timeout);
      Waiter waiter = new Waiter(this);
      for (Object[] a : applied) {
        CliKinds.Kind kind = (CliKinds.Kind) a[0];
        waiter.await(
            kind,
            (String) a[1],
            (String) a[2],
            new Waiter.For("ready", o -> Waiter.conditionMet(o, "Ready", "True"), false),
            deadline);
        out.println(kind.qualifiedSingular() + "/" + a[2] + " ready");
        out.flush();
      }
    }
    return 0;
  }

  private @Nullable String namespaceOf(CliKinds.Kind kind, Manifests.Manifest m) {
    if (!kind.namespaced()) {
      return null;
    }
    String inFile = m.object().path("metadata").path("namespace").asText("");
    if (!inFile.isEmpty()) {
      if (root().namespaceGiven() && !inFile.equals(namespace())) {
        throw new CliException(
            m.where("metadata.namespace")
                + ": the namespace from the provided object \""
                + inFile
                + "\" does not match the namespace \""
                + namespace()
                + "\". You must pass '--namespace="
                + inFile
                + "' to perform this operation.");
      }
      return inFile;
    }
    return namespace();
  }

  private String apply(CliKinds.Kind kind, @Nullable String ns, Manifests.Manifest m) {
    String suffix =
        switch (dryRun) {
          case "client" -> " (dry run)";
          case "server" -> " (server dry run)";
          default -> "";
        };
    ObjectNode modified = m.object().deepCopy();
    if (kind.namespaced()) {
      modified.withObject("/metadata").put("namespace", ns);
    }
    if (dryRun.equals("client")) {
      List<Api.Cause> causes = Schema.validate(kind, m.object());
      if (!causes.isEmpty()) {
        throw invalid(kind, m, causes, null);
      }
    }
    String lastApplied = LastApplied.of(modified);
    JsonNode applied = parse(lastApplied);
    modified.withObject("/metadata").withObject("/annotations").put(LAST_APPLIED, lastApplied);
    String params =
        Api.query(
            Api.params(
                "fieldManager",
                "s3ctl",
                "fieldValidation",
                "Strict",
                "dryRun",
                dryRun.equals("server") ? "All" : null));
    Optional<JsonNode> current = api().find(kind.itemPath(ns, m.name()));
    try {
      if (current.isEmpty()) {
        if (!dryRun.equals("client")) {
          api().send("POST", kind.collectionPath(ns) + params, modified, "application/json");
        }
        return "created" + suffix;
      }
      JsonNode original =
          parse(current.get().path("metadata").path("annotations").path(LAST_APPLIED).asText(null));
      if (original != null && applied != null && same(original, applied)) {
        // keep the stored annotation text (kubectl may have written it with other formatting)
        modified
            .withObject("/metadata")
            .withObject("/annotations")
            .put(
                LAST_APPLIED,
                current.get().path("metadata").path("annotations").path(LAST_APPLIED).asText());
      }
      ObjectNode patch = threeWay(original, modified, current.get());
      if (patch.isEmpty()) {
        return "unchanged" + suffix;
      }
      if (!dryRun.equals("client")) {
        api()
            .send(
                "PATCH",
                kind.itemPath(ns, m.name()) + params,
                patch,
                "application/merge-patch+json");
      }
      return "configured" + suffix;
    } catch (Api.ApiError e) {
      if (e.code == 422 || !e.causes.isEmpty()) {
        throw invalid(kind, m, e.causes, e.serverMessage);
      }
      throw new CliException(m.where(null) + ": " + e.getMessage());
    }
  }

  /**
   * A 422 as the user needs it: each cause with the file and line of its field, and a suggestion
   * for unknown fields.
   */
  static CliException invalid(
      CliKinds.Kind kind,
      Manifests.Manifest m,
      List<Api.Cause> causes,
      @Nullable String serverMessage) {
    StringBuilder b = new StringBuilder();
    b.append(m.where(null))
        .append(": ")
        .append(kind.kind())
        .append(" \"")
        .append(m.name())
        .append("\" is invalid");
    if (causes.isEmpty() && serverMessage != null) {
      b.append(": ").append(serverMessage);
    }
    for (Api.Cause c : causes) {
      String msg = c.message() == null ? "" : c.message();
      if (msg.contains("unknown field") && !msg.contains("did you mean")) {
        String s = Schema.suggestField(kind, c.field());
        if (s != null) {
          msg += ", did you mean \"" + s + "\"?";
        }
      }
      b.append("\n  ")
          .append(m.where(c.field()))
          .append(": ")
          .append(c.field() == null ? "" : c.field() + ": ")
          .append(msg);
    }
    return new CliException(1, b.toString());
  }

  private static @Nullable JsonNode parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Json.parse(s);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The JSON merge patch kubectl's client-side apply sends: fields the last apply set and this one
   * drops become null; fields whose value differs from the live object are set.
   */
  static ObjectNode threeWay(@Nullable JsonNode original, JsonNode modified, JsonNode current) {
    ObjectNode patch = Json.object();
    if (original != null && original.isObject()) {
      for (Iterator<String> it = original.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!modified.has(f) && current.has(f) && !current.get(f).isNull()) {
          patch.putNull(f);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = modified.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode m = e.getValue();
      JsonNode c = current.get(e.getKey());
      JsonNode o = original == null ? null : original.get(e.getKey());
      if (m.isObject() && c != null && c.isObject()) {
        ObjectNode sub = threeWay(o != null && o.isObject() ? o : null, m, c);
        if (!sub.isEmpty()) {
          patch.set(e.getKey(), sub);
        }
      } else if (c == null || !same(m, c)) {
        patch.set(e.getKey(), m);
      }
    }
    return patch;
  }

  /** Equality that treats 1, 1L and 1.0 alike. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode other = b.get(e.getKey());
        if (other == null || !same(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
