package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "describe",
    sortOptions = false,
    description =
        "Show one resource in detail: spec, status, conditions with ages, nodes, related objects and recent events.",
    footer = {
      "",
      "Examples:",
      "  s3ctl describe s3i data",
      "  s3ctl describe key/reporting-app-key"
    })
final class DescribeCommand extends Base {
  @Parameters(
      paramLabel = "TYPE NAME | TYPE/NAME",
      hideParamSyntax = true,
      arity = "1..*",
      completionCandidates = KindCandidates.class)
  List<String> args = new ArrayList<>();

  private final Instant now = Instant.now();

  @Override
  public Integer call() {
    List<Target> targets = targets(args, true);
    boolean first = true;
    for (Target t : targets) {
      if (!first) {
        out.println();
        out.println();
      }
      first = false;
      String ns = t.kind().namespaced() ? namespace() : null;
      JsonNode o = api().get(t.kind().itemPath(ns, t.requireName()));
      describe(t.kind(), ns, o);
    }
    return 0;
  }

  private void describe(CliKinds.Kind kind, @Nullable String ns, JsonNode o) {
    JsonNode meta = o.path("metadata");
    field("Name", meta.path("name").asText());
    if (kind.namespaced()) {
      field("Namespace", meta.path("namespace").asText());
    }
    field("Kind", kind.kind() + " (" + kind.apiVersion() + ")");
    map("Labels", meta.path("labels"), Set.of());
    map("Annotations", meta.path("annotations"), Set.of(ApplyCommand.LAST_APPLIED));
    String created = meta.path("creationTimestamp").asText("");
    field(
        "Created",
        created.isEmpty() ? "<unknown>" : created + " (" + Printer.age(created, now) + " ago)");
    if (meta.hasNonNull("deletionTimestamp")) {
      field(
          "Deleting",
          "since "
              + meta.path("deletionTimestamp").asText()
              + ", waiting for finalizers "
              + joined(meta.path("finalizers")));
    } else if (meta.path("finalizers").size() > 0) {
      field("Finalizers", joined(meta.path("finalizers")));
    }
    if (meta.has("generation")) {
      JsonNode observed = o.path("status").path("observedGeneration");
      field(
          "Generation",
          meta.path("generation").asText()
              + (observed.isNumber()
                  ? " (status observed "
                      + observed.asText()
                      + (observed.asLong() < meta.path("generation").asLong()
                          ? ", the operator has not caught up yet)"
                          : ")")
                  : ""));
    }
    if (kind.equals(CliKinds.SECRET)) {
      out.println("Type:         " + o.path("type").asText("Opaque"));
      out.println("Data:");
      for (Iterator<Map.Entry<String, JsonNode>> it = o.path("data").properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int bytes = java.util.Base64.getMimeDecoder().decode(e.getValue().asText()).length;
        out.println("  " + e.getKey() + ":  " + bytes + " bytes");
      }
    }
    if (o.has("spec")) {
      out.println("Spec:");
      out.print(indent(Json.toYaml(o.path("spec")), "  "));
    }
    JsonNode status = o.path("status");
    if (kind.isS3aas()) {
      out.println("Status:");
      if (status.isMissingNode() || status.isEmpty()) {
        out.println("  <none yet: the operator has not reconciled this object>");
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = status.properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!Set.of("conditions", "nodes", "observedGeneration", "usage").contains(e.getKey())) {
            String v =
                e.getValue().isValueNode() ? e.getValue().asText() : Json.compact(e.getValue());
            out.println("  " + pad(capitalize(e.getKey()) + ":", 18) + v);
          }
        }
      }
      conditions(status.path("conditions"));
      if (kind.equals(CliKinds.S3_INSTANCE)) {
        nodes(status.path("nodes"));
      }
      if (kind.equals(CliKinds.S3_INSTANCE) || kind.equals(CliKinds.BUCKET)) {
        usage(kind, status.path("usage"));
      }
      related(kind, ns, o);
    }
    events(kind, ns, o);
  }

  private void conditions(JsonNode conditions) {
    out.println("Conditions:");
    if (conditions.size() == 0) {
      out.println("  <none>");
      return;
    }
    Printer.Table t = new Printer.Table(List.of("TYPE", "STATUS", "REASON", "AGE", "MESSAGE"));
    for (JsonNode c : conditions) {
      String when = c.path("lastTransitionTime").asText("");
      t.add(
          List.of(
              c.path("type").asText(),
              c.path("status").asText(),
              c.path("reason").asText(""),
              when.isEmpty() ? "" : Printer.age(when, now),
              c.path("message").asText("")));
    }
    out.print(indent(t.render(true), "  "));
  }

  private void nodes(JsonNode nodes) {
    out.println("Nodes:");
    if (nodes.size() == 0) {
      out.println("  <none yet>");
      return;
    }
    Printer.Table t = new Printer.Table(List.of("ID", "IP", "PORT"));
    for (JsonNode n : nodes) {
      t.add(List.of(n.path("id").asText(""), n.path("ip").asText(""), n.path("port").asText("")));
    }
    out.print(indent(t.render(true), "  "));
  }

  /** What a bucket holds, or an instance's capacity per node, as the node last reported it. */
  private void usage(CliKinds.Kind kind, JsonNode u) {
    if (u.isMissingNode() || u.isEmpty()) {
      out.println("Usage:        <not reported yet>");
      return;
    }
    String at = u.path("observedAt").asText("");
    out.println(
        "Usage:"
            + (at.isEmpty() ? "" : "        (node's scan of " + Printer.age(at, now) + " ago)"));
    if (kind.equals(CliKinds.BUCKET)) {
      line("Objects:", u.path("objects").asText("0"));
      line("Size:", bytes(u.path("bytes")));
      if (u.has("versions")) {
        line("Versions:", u.path("versions").asText());
        line("Delete markers:", u.path("deleteMarkers").asText("0"));
      }
      JsonNode q = u.path("quota");
      if (!q.isMissingNode()) {
        line(
            "Quota:",
            bytes(q.path("usedBytes"))
                + " of "
                + bytes(q.path("limitBytes"))
                + " ("
                + q.path("percent").asText("0")
                + "%)");
      }
      return;
    }
    line(
        "Disk:",
        bytes(u.path("usedBytes"))
            + " used of "
            + bytes(u.path("capacityBytes"))
            + ", "
            + bytes(u.path("freeBytes"))
            + " free (fullest node "
            + u.path("usedPercent").asText("0")
            + "%)");
    line(
        "Stored:",
        u.path("objects").asText("0")
            + " objects in "
            + u.path("buckets").asText("0")
            + " buckets, "
            + bytes(u.path("bytes")));
    if (u.path("nodes").size() > 0) {
      Printer.Table t = new Printer.Table(List.of("NODE", "CAPACITY", "USED", "FREE", "USED%"));
      for (JsonNode n : u.path("nodes")) {
        t.add(
            List.of(
                n.path("node").asText(""),
                bytes(n.path("capacityBytes")),
                bytes(n.path("usedBytes")),
                bytes(n.path("freeBytes")),
                n.path("usedPercent").asText("")));
      }
      out.print(indent(t.render(true), "  "));
    }
  }

  private void line(String label, String value) {
    out.println("  " + pad(label, 18) + value);
  }

  /** A byte count the way people read it: 1.5 GiB (IEC units), exact below 1 KiB. */
  static String bytes(JsonNode n) {
    long b = n.asLong(0);
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = b;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
  }

  /** Objects this one refers to, and the ones that refer to it. */
  private void related(CliKinds.Kind kind, @Nullable String ns, JsonNode o) {
    String name = o.path("metadata").path("name").asText();
    JsonNode spec = o.path("spec");
    Printer.Table t = new Printer.Table(List.of("RELATION", "KIND", "NAME", "PHASE"));
    if (kind.equals(CliKinds.S3_INSTANCE)) {
      List<String> users = new ArrayList<>();
      for (CliKinds.Kind k : List.of(CliKinds.BUCKET, CliKinds.S3_POLICY, CliKinds.S3_USER)) {
        for (JsonNode r : list(k, ns, null, null).items()) {
          if (name.equals(r.path("spec").path("instanceRef").asText())) {
            t.add(
                List.of(
                    "has",
                    k.kind(),
                    r.path("metadata").path("name").asText(),
                    r.path("status").path("phase").asText("")));
            if (k.equals(CliKinds.S3_USER)) {
              users.add(r.path("metadata").path("name").asText());
            }
          }
        }
      }
      for (JsonNode r : list(CliKinds.ACCESS_KEY, ns, null, null).items()) {
        if (users.contains(r.path("spec").path("userRef").asText())) {
          t.add(
              List.of(
                  "has",
                  "AccessKey",
                  r.path("metadata").path("name").asText(),
                  r.path("status").path("phase").asText("")));
        }
      }
    } else if (kind.equals(CliKinds.ACCESS_KEY)) {
      Optional<JsonNode> user =
          ref(t, "user", CliKinds.S3_USER, ns, spec.path("userRef").asText(null));
      user.ifPresent(
          u ->
              ref(
                  t,
                  "instance",
                  CliKinds.S3_INSTANCE,
                  ns,
                  u.path("spec").path("instanceRef").asText(null)));
      String secret = o.path("status").path("secretName").asText(null);
      if (secret != null) {
        ref(t, "credentials", CliKinds.SECRET, ns, secret);
      }
    } else {
      ref(t, "instance", CliKinds.S3_INSTANCE, ns, spec.path("instanceRef").asText(null));
      if (kind.equals(CliKinds.S3_USER)) {
        for (JsonNode p : spec.path("policies")) {
          Optional<JsonNode> policy = api().find(CliKinds.S3_POLICY.itemPath(ns, p.asText()));
          t.add(
              List.of(
                  "policy",
                  policy.isPresent() ? "S3Policy" : "built-in",
                  p.asText(),
                  policy.map(x -> x.path("status").path("phase").asText("")).orElse("")));
        }
        for (JsonNode r : list(CliKinds.ACCESS_KEY, ns, null, null).items()) {
          if (name.equals(r.path("spec").path("userRef").asText())) {
            t.add(
                List.of(
                    "has",
                    "AccessKey",
                    r.path("metadata").path("name").asText(),
                    r.path("status").path("phase").asText("")));
          }
        }
      }
    }
    out.println("Related:");
    out.print(t.rows.isEmpty() ? "  <none>\n" : indent(t.render(true), "  "));
  }

  private Optional<JsonNode> ref(
      Printer.Table t,
      String relation,
      CliKinds.Kind kind,
      @Nullable String ns,
      @Nullable String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonNode> found = api().find(kind.itemPath(ns, name));
    t.add(
        List.of(
            relation,
            kind.kind(),
            name,
            found
                .map(
                    x ->
                        x.path("status")
                            .path("phase")
                            .asText(kind.equals(CliKinds.SECRET) ? "present" : ""))
                .orElse("<not found>")));
    return found;
  }

  private void events(CliKinds.Kind kind, @Nullable String ns, JsonNode o) {
    String name = o.path("metadata").path("name").asText();
    String uid = o.path("metadata").path("uid").asText("");
    List<JsonNode> events = new ArrayList<>();
    try {
      for (JsonNode e : list(CliKinds.EVENT, ns, null, null).items()) {
        JsonNode io = e.path("involvedObject");
        String eventUid = io.path("uid").asText("");
        // An event that names its object's uid belongs to that object only, not to a deleted
        // object of the same name; one without a uid can only be matched by kind and name.
        boolean match =
            kind.kind().equals(io.path("kind").asText())
                && name.equals(io.path("name").asText())
                && (uid.isEmpty() || eventUid.isEmpty() || uid.equals(eventUid));
        if (match) {
          events.add(e);
        }
      }
    } catch (Api.ApiError e) {
      out.println("Events:       <cannot list events: " + e.reason + ">");
      return;
    }
    if (events.isEmpty()) {
      out.println("Events:       <none>");
      return;
    }
    events.sort(Comparator.comparing(DescribeCommand::eventTime));
    if (events.size() > 20) {
      events = events.subList(events.size() - 20, events.size());
    }
    out.println("Events:");
    Printer.Table t = new Printer.Table(List.of("TYPE", "REASON", "AGE", "FROM", "MESSAGE"));
    for (JsonNode e : events) {
      String when = eventTime(e);
      String count = e.path("count").asInt(1) > 1 ? " (x" + e.path("count").asInt() + ")" : "";
      String from =
          e.path("source").path("component").asText(e.path("reportingComponent").asText(""));
      t.add(
          List.of(
              e.path("type").asText("Normal"),
              e.path("reason").asText(""),
              when.isEmpty() ? "" : Printer.age(when, now) + count,
              from,
              e.path("message").asText("")));
    }
    out.print(indent(t.render(true), "  "));
  }

  private static String eventTime(JsonNode e) {
    for (String f : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      String v = e.path(f).asText("");
      if (!v.isEmpty()) {
        return v;
      }
    }
    return e.path("metadata").path("creationTimestamp").asText("");
  }

  private void field(String label, String value) {
    out.println(pad(label + ":", 14) + value);
  }

  private void map(String label, JsonNode m, Set<String> skip) {
    List<String> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!skip.contains(e.getKey())) {
        entries.add(e.getKey() + "=" + e.getValue().asText());
      }
    }
    if (entries.isEmpty()) {
      field(label, "<none>");
      return;
    }
    field(label, entries.get(0));
    for (String e : entries.subList(1, entries.size())) {
      out.println(" ".repeat(14) + e);
    }
  }

  private static String joined(JsonNode array) {
    List<String> s = new ArrayList<>();
    array.forEach(x -> s.add(x.asText()));
    return String.join(", ", s);
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String indent(String text, String prefix) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        b.append(prefix).append(line).append('\n');
      }
    }
    return b.toString();
  }
}
