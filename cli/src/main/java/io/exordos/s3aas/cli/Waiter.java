package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Waits for an object to meet a condition (or to be deleted): list by name, then watch from the
 * list's resourceVersion, resuming when the server ends the stream, with a progress line.
 */
final class Waiter {
  /** What to wait for. */
  record For(String description, Predicate<JsonNode> met, boolean deletion) {
    static For parse(String spec) {
      if (spec.equals("delete")) {
        return new For("deleted", o -> false, true);
      }
      if (spec.startsWith("condition=")) {
        String c = spec.substring(10);
        String type = c;
        String status = "True";
        int eq = c.indexOf('=');
        if (eq > 0) {
          type = c.substring(0, eq);
          status = c.substring(eq + 1);
        }
        if (type.isEmpty()) {
          throw new CliException(
              2, "--for=condition= needs a condition type, e.g. --for=condition=Ready");
        }
        String t = type;
        String s = status;
        return new For("condition met", o -> conditionMet(o, t, s), false);
      }
      if (spec.startsWith("jsonpath=")) {
        String j = spec.substring(9);
        int eq = j.lastIndexOf('=');
        if (eq <= 0 || !j.substring(0, eq).trim().startsWith("{")) {
          throw new CliException(
              2, "--for=jsonpath needs {path}=value, e.g. --for=jsonpath='{.status.phase}'=ACTIVE");
        }
        JsonPath path = JsonPath.compile(j.substring(0, eq));
        String value = j.substring(eq + 1);
        return new For("condition met", o -> path.render(o).equals(value), false);
      }
      throw new CliException(
          2,
          "unknown --for \""
              + spec
              + "\": use condition=TYPE[=STATUS], delete or jsonpath='{path}'=VALUE");
    }
  }

  /** The condition has the status, and describes the current generation. */
  static boolean conditionMet(JsonNode o, String type, String status) {
    long generation = o.path("metadata").path("generation").asLong(0);
    for (JsonNode c : o.path("status").path("conditions")) {
      if (c.path("type").asText().equalsIgnoreCase(type)) {
        JsonNode observed =
            c.has("observedGeneration")
                ? c.path("observedGeneration")
                : o.path("status").path("observedGeneration");
        if (generation > 0 && observed.isNumber() && observed.asLong() < generation) {
          return false; // about an older spec
        }
        return c.path("status").asText().equalsIgnoreCase(status);
      }
    }
    return false;
  }

  private final Base cmd;
  private final boolean tty;

  Waiter(Base cmd) {
    this.cmd = cmd;
    this.tty = Progress.isTerminal();
  }

  /** Returns normally when met; throws a timeout error otherwise. */
  void await(CliKinds.Kind kind, @Nullable String ns, String name, For what, Instant deadline) {
    String display = kind.qualifiedSingular() + "/" + name;
    String fields = "metadata.name=" + name;
    try (Progress progress = new Progress(cmd.err, tty)) {
      Base.Listed listed = cmd.list(kind, ns, null, fields);
      if (listed.items().isEmpty()) {
        if (what.deletion()) {
          return;
        }
        throw new Api.ApiError(
            404,
            "NotFound",
            kind.qualifiedPlural() + " \"" + name + "\" not found",
            java.util.List.of(),
            "Error from server (NotFound): "
                + kind.qualifiedPlural()
                + " \""
                + name
                + "\" not found");
      }
      JsonNode current = listed.items().get(0);
      if (!what.deletion() && what.met().test(current)) {
        return;
      }
      progress.update(line(display, current, what));
      String rv = listed.resourceVersion();
      boolean[] done = {false};
      while (true) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new CliException(
              "timed out waiting for "
                  + display
                  + " to be "
                  + (what.deletion() ? "deleted" : "ready")
                  + "; last seen: "
                  + Progress.summary(current));
        }
        JsonNode[] seen = {current};
        String path =
            kind.collectionPath(ns)
                + Api.query(
                    Api.params(
                        "fieldSelector",
                        fields,
                        "watch",
                        "true",
                        "allowWatchBookmarks",
                        "true",
                        "resourceVersion",
                        rv,
                        "timeoutSeconds",
                        Long.toString(Math.max(1, (left + 999) / 1000))));
        Api.WatchEnd end =
            cmd.api()
                .watchChanges(
                    path,
                    rv,
                    (type, o) -> {
                      if (type.equals("DELETED")) {
                        if (what.deletion()) {
                          done[0] = true;
                          return false;
                        }
                        throw new CliException(display + " was deleted while waiting for it");
                      }
                      seen[0] = o;
                      if (!what.deletion() && what.met().test(o)) {
                        done[0] = true;
                        return false;
                      }
                      progress.update(line(display, o, what));
                      return Instant.now().isBefore(deadline);
                    });
        if (done[0]) {
          return;
        }
        current = seen[0];
        rv = end.resourceVersion();
        if (end.expired()) {
          Base.Listed again = cmd.list(kind, ns, null, fields);
          if (again.items().isEmpty()) {
            if (what.deletion()) {
              return;
            }
            throw new CliException(display + " was deleted while waiting for it");
          }
          current = again.items().get(0);
          if (!what.deletion() && what.met().test(current)) {
            return;
          }
          rv = again.resourceVersion();
        }
      }
    }
  }

  private static String line(String display, JsonNode o, For what) {
    return (what.deletion()
            ? "waiting for " + display + " to be deleted: "
            : "waiting for " + display + ": ")
        + Progress.summary(o);
  }
}
