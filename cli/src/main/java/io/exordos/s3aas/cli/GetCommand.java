package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "get",
    sortOptions = false,
    description = {
      "List resources or show some by name.",
      "",
      "Types: s3instances (s3i), buckets (bkt), s3policies (pol), s3users (usr), accesskeys (key), secrets, events, namespaces (ns)."
    },
    footer = {
      "",
      "Examples:",
      "  s3ctl get s3i",
      "  s3ctl get bkt reports -o yaml",
      "  s3ctl get key -A -l app=reporting",
      "  s3ctl get s3i data -o jsonpath='{.status.endpoint}'",
      "  s3ctl get s3i -w"
    })
final class GetCommand extends Base {
  @Parameters(
      paramLabel = "TYPE [NAME...] | TYPE/NAME...",
      hideParamSyntax = true,
      arity = "1..*",
      completionCandidates = KindCandidates.class,
      description = "What to get.")
  List<String> args = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), wide, yaml, json, name or jsonpath=TEMPLATE.")
  String output;

  @Option(
      names = {"-l", "--selector"},
      paramLabel = "SELECTOR",
      description = "Label selector, e.g. app=web,tier!=db.")
  String selector;

  @Option(
      names = "--field-selector",
      paramLabel = "SELECTOR",
      description = "Field selector (metadata.name, metadata.namespace).")
  String fieldSelector;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List across all namespaces.")
  boolean allNamespaces;

  @Option(
      names = {"-w", "--watch"},
      description = "After listing, stream changes as they happen (Ctrl-C to stop).")
  boolean watch;

  @Option(names = "--no-headers", description = "Print tables without the header line.")
  boolean noHeaders;

  @Override
  public Integer call() {
    Printer printer = Printer.parse(output);
    if (args.size() == 1 && args.get(0).contains(",") && !args.get(0).contains("/") && !watch) {
      // s3ctl get s3i,bkt: one table per type
      String ns = allNamespaces ? null : namespace();
      boolean first = true;
      // a trailing comma is ignored (s3ctl get s3i,bkt,)
      for (String k : args.get(0).replaceFirst(",+$", "").split(",", -1)) {
        CliKinds.Kind kind = CliKinds.resolve(k.trim());
        List<JsonNode> items = list(kind, ns, selector, fieldSelector).items();
        if (items.isEmpty() && printer.isTable()) {
          continue;
        }
        if (!first && printer.isTable()) {
          out.println();
        }
        first = false;
        out.print(printer.print(kind, items, false, allNamespaces, !noHeaders));
      }
      if (first && printer.isTable()) {
        out.flush();
        err.println(
            ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
      }
      return 0;
    }
    List<Target> targets = targets(args, false);
    CliKinds.Kind kind = targets.get(0).kind();
    boolean named = targets.get(0).name() != null;
    if (named && selector != null) {
      throw new CliException(2, "name cannot be provided when a selector is specified");
    }
    String ns = allNamespaces ? null : namespace();
    if (watch) {
      if (named && targets.size() > 1) {
        throw new CliException(2, "watch is only supported on one resource or a list of one type");
      }
      return new Watcher(this, kind, ns, printer, named ? targets.get(0).name() : null).run();
    }
    List<JsonNode> objects = new ArrayList<>();
    if (named) {
      for (Target t : targets) {
        objects.add(withKind(t.kind(), api().get(t.kind().itemPath(namespace(), t.requireName()))));
      }
      if (targets.stream().map(Target::kind).distinct().count() > 1 && printer.isTable()) {
        for (Target t : targets) {
          out.print(
              printer.print(
                  t.kind(), List.of(objects.get(targets.indexOf(t))), true, false, !noHeaders));
        }
        return 0;
      }
    } else {
      objects = list(kind, ns, selector, fieldSelector).items();
      if (objects.isEmpty() && printer.isTable()) {
        out.flush();
        err.println(
            ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
        return 0;
      }
    }
    out.print(
        printer.print(kind, objects, named && targets.size() == 1, allNamespaces, !noHeaders));
    return 0;
  }

  static JsonNode withKind(CliKinds.Kind kind, JsonNode o) {
    if (o.isObject() && !o.has("kind")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) o)
          .put("apiVersion", kind.apiVersion())
          .put("kind", kind.kind());
    }
    return o;
  }

  /**
   * {@code get -w}: list, then follow the watch; a live table on a terminal, plain lines on a pipe.
   */
  static final class Watcher {
    private final GetCommand cmd;
    private final CliKinds.Kind kind;
    private final @Nullable String ns;
    private final Printer printer;
    private final @Nullable String name;
    private final boolean tty = Progress.isTerminal();
    private final Map<String, JsonNode> objects = new TreeMap<>();
    private String lastChange = "";
    private Instant lastChangeAt = Instant.now();
    private int drawnLines;
    private int frame;
    private boolean headerPrinted;

    Watcher(
        GetCommand cmd,
        CliKinds.Kind kind,
        @Nullable String ns,
        Printer printer,
        @Nullable String name) {
      this.cmd = cmd;
      this.kind = kind;
      this.ns = ns;
      this.printer = printer;
      this.name = name;
    }

    int run() {
      String fields = name != null ? "metadata.name=" + name : cmd.fieldSelector;
      Listed listed = cmd.list(kind, ns, cmd.selector, fields);
      if (name != null && listed.items().isEmpty()) {
        throw new Api.ApiError(
            404,
            "NotFound",
            kind.qualifiedPlural() + " \"" + name + "\" not found",
            List.of(),
            "Error from server (NotFound): "
                + kind.qualifiedPlural()
                + " \""
                + name
                + "\" not found");
      }
      for (JsonNode o : listed.items()) {
        objects.put(key(o), o);
      }
      if (tty && printer.isTable()) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      synchronized (this) {
                        cmd.out.print("\n");
                        cmd.out.flush();
                      }
                    }));
        lastChange =
            "listed "
                + objects.size()
                + " "
                + (objects.size() == 1 ? kind.singular() : kind.plural());
        redraw();
        Thread ticker = new Thread(this::tick, "redraw");
        ticker.setDaemon(true);
        ticker.start();
      } else {
        for (JsonNode o : listed.items()) {
          emitPlain(o);
        }
        if (listed.items().isEmpty() && printer.isTable()) {
          cmd.err.println(
              ns == null ? "No resources found" : "No resources found in " + ns + " namespace.");
        }
        cmd.out.flush();
      }
      String rv = listed.resourceVersion();
      while (true) {
        String path =
            kind.collectionPath(ns)
                + Api.query(
                    Api.params(
                        "labelSelector",
                        cmd.selector,
                        "fieldSelector",
                        fields,
                        "watch",
                        "true",
                        "allowWatchBookmarks",
                        "true",
                        "resourceVersion",
                        rv));
        Api.WatchEnd end =
            cmd.api()
                .watchChanges(
                    path,
                    rv,
                    (type, o) -> {
                      on(type, withKind(kind, o));
                      return true;
                    });
        rv = end.resourceVersion();
        if (end.expired()) {
          // too old to resume: list again and carry on from the new state
          Listed again = cmd.list(kind, ns, cmd.selector, fields);
          synchronized (this) {
            objects.clear();
            again.items().forEach(o -> objects.put(key(o), o));
          }
          rv = again.resourceVersion();
        }
      }
    }

    private static String key(JsonNode o) {
      return o.path("metadata").path("namespace").asText("")
          + "/"
          + o.path("metadata").path("name").asText();
    }

    private synchronized void on(String type, JsonNode o) {
      String n = o.path("metadata").path("name").asText();
      if (type.equals("DELETED")) {
        objects.remove(key(o));
      } else {
        objects.put(key(o), o);
      }
      lastChange =
          n
              + " "
              + type.toLowerCase(java.util.Locale.ROOT)
              + (type.equals("DELETED") ? "" : ": " + Progress.summary(o));
      lastChangeAt = Instant.now();
      if (tty && printer.isTable()) {
        redraw();
      } else {
        emitPlain(o);
        cmd.out.flush();
      }
    }

    private void emitPlain(JsonNode o) {
      if (printer.isTable()) {
        Printer.Table t = printer.table(kind, ns == null);
        t.add(printer.row(kind, o, ns == null, Instant.now()));
        if (!headerPrinted && !cmd.noHeaders) {
          headerPrinted = true;
          cmd.out.print(t.render(true));
        } else {
          cmd.out.print(t.render(false));
        }
      } else if (printer.format == Printer.Format.YAML) {
        cmd.out.print("---\n" + Json.toYaml(o));
      } else {
        cmd.out.print(printer.print(kind, List.of(o), true, ns == null, false));
        if (printer.format == Printer.Format.JSONPATH) {
          cmd.out.print("\n");
        }
      }
    }

    private void tick() {
      try {
        while (true) {
          Thread.sleep(1000);
          synchronized (this) {
            frame++;
            redraw();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Redraws the table and the status line in place. */
    private synchronized void redraw() {
      Instant now = Instant.now();
      Printer.Table t = printer.table(kind, ns == null);
      for (JsonNode o : objects.values()) {
        t.add(printer.row(kind, o, ns == null, now));
      }
      StringBuilder b = new StringBuilder();
      if (drawnLines > 0) {
        b.append('\r');
        if (drawnLines > 1) {
          b.append("\033[").append(drawnLines - 1).append('A');
        }
        b.append("\033[J");
      }
      String table = t.render(!cmd.noHeaders);
      b.append(table);
      String where = ns == null ? "all namespaces" : "namespace " + ns;
      String status =
          Progress.SPINNER[frame % Progress.SPINNER.length]
              + " watching "
              + kind.plural()
              + " in "
              + where
              + " · "
              + objects.size()
              + (objects.size() == 1 ? " object" : " objects")
              + " · "
              + lastChange
              + " ("
              + Printer.human(java.time.Duration.between(lastChangeAt, now))
              + " ago)";
      b.append("\033[2m").append(status).append("\033[0m");
      drawnLines = (int) table.chars().filter(c -> c == '\n').count() + 1;
      cmd.out.print(b);
      cmd.out.flush();
    }
  }
}
