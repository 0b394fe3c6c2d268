package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the root's options, the API, and target parsing. */
abstract class Base implements Callable<Integer> {
  @Spec CommandSpec spec;

  final PrintStream out = S3ctl.OUT;
  final PrintStream err = S3ctl.ERR;

  /** Set when {@link QuickGet} parsed the command line; otherwise picocli's spec knows the root. */
  @Nullable S3ctl root;

  S3ctl root() {
    return root != null ? root : (S3ctl) spec.root().userObject();
  }

  Api api() {
    return root().api();
  }

  String namespace() {
    return root().namespace();
  }

  /** One object named on the command line. */
  record Target(CliKinds.Kind kind, @Nullable String name) {
    /** The name, where the command line was read with names required. */
    String requireName() {
      if (name == null) {
        throw new IllegalStateException("no name for " + kind.plural());
      }
      return name;
    }

    String display() {
      return kind.qualifiedSingular() + "/" + name;
    }
  }

  /** {@code KIND NAME...} or {@code KIND/NAME...}. */
  static List<Target> targets(List<String> args, boolean namesRequired) {
    List<Target> targets = new ArrayList<>();
    if (args.isEmpty()) {
      throw new CliException(
          2,
          "you must name a resource type, e.g. s3instances (s3i), buckets (bkt), s3policies (pol), "
              + "s3users (usr), accesskeys (key)");
    }
    if (args.get(0).contains("/")) {
      for (String a : args) {
        int slash = a.indexOf('/');
        if (slash <= 0 || slash == a.length() - 1) {
          throw new CliException(
              2,
              "arguments in resource/name form must have a single resource and name, not \""
                  + a
                  + "\"");
        }
        targets.add(new Target(CliKinds.resolve(a.substring(0, slash)), a.substring(slash + 1)));
      }
      return targets;
    }
    CliKinds.Kind kind = CliKinds.resolve(args.get(0));
    if (args.size() == 1) {
      if (namesRequired) {
        throw new CliException(
            2,
            "you must name the "
                + kind.singular()
                + ": e.g. "
                + kind.singular()
                + "/NAME or "
                + kind.plural()
                + " NAME");
      }
      targets.add(new Target(kind, null));
    }
    for (String name : args.subList(1, args.size())) {
      if (name.contains("/")) {
        throw new CliException(
            2,
            "there is no need to give a resource type twice: use \""
                + args.get(0)
                + " NAME\" or \"TYPE/NAME\"");
      }
      targets.add(new Target(kind, name));
    }
    return targets;
  }

  /** Lists every page of a collection; returns the items and the list's resourceVersion. */
  record Listed(List<JsonNode> items, String resourceVersion) {}

  Listed list(
      CliKinds.Kind kind,
      @Nullable String namespace,
      @Nullable String labelSelector,
      @Nullable String fieldSelector) {
    List<JsonNode> items = new ArrayList<>();
    String cont = null;
    String rv;
    do {
      JsonNode page =
          api()
              .get(
                  kind.collectionPath(namespace)
                      + Api.query(
                          Api.params(
                              "labelSelector",
                              labelSelector,
                              "fieldSelector",
                              fieldSelector,
                              "limit",
                              "500",
                              "continue",
                              cont)));
      for (Iterator<JsonNode> it = page.path("items").elements(); it.hasNext(); ) {
        JsonNode item = it.next();
        if (item.isObject() && !item.has("kind")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) item)
              .put("apiVersion", kind.apiVersion())
              .put("kind", kind.kind());
        }
        items.add(item);
      }
      rv = page.path("metadata").path("resourceVersion").asText("");
      cont = page.path("metadata").path("continue").asText("");
      if (cont.isEmpty()) {
        cont = null;
      }
    } while (cont != null);
    return new Listed(items, rv);
  }
}
