package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Output formats: table, wide, yaml, json, name, jsonpath=TEMPLATE. */
final class Printer {
  enum Format {
    TABLE,
    WIDE,
    YAML,
    JSON,
    NAME,
    JSONPATH
  }

  final Format format;
  final @Nullable JsonPath jsonPath;

  private Printer(Format format, @Nullable JsonPath jsonPath) {
    this.format = format;
    this.jsonPath = jsonPath;
  }

  static Printer parse(String output) {
    if (output == null || output.isEmpty() || output.equals("table")) {
      return new Printer(Format.TABLE, null);
    }
    if (output.startsWith("jsonpath=") || output.startsWith("jsonpath:")) {
      return new Printer(Format.JSONPATH, JsonPath.compile(output.substring(9)));
    }
    return switch (output.toLowerCase(Locale.ROOT)) {
      case "wide" -> new Printer(Format.WIDE, null);
      case "yaml" -> new Printer(Format.YAML, null);
      case "json" -> new Printer(Format.JSON, null);
      case "name" -> new Printer(Format.NAME, null);
      default ->
          throw new CliException(
              2,
              "unknown output format \""
                  + output
                  + "\": use table, wide, yaml, json, name or jsonpath=TEMPLATE"
                  + suggestion(output));
    };
  }

  private static String suggestion(String o) {
    String s = Suggest.closest(o, List.of("table", "wide", "yaml", "json", "name", "jsonpath"));
    return s == null ? "" : " (did you mean \"" + s + "\"?)";
  }

  boolean isTable() {
    return format == Format.TABLE || format == Format.WIDE;
  }

  /** Prints a list of objects (or one object when {@code single}). */
  String print(
      CliKinds.Kind kind,
      List<JsonNode> objects,
      boolean single,
      boolean allNamespaces,
      boolean headers) {
    switch (format) {
      case TABLE, WIDE -> {
        Table t = table(kind, allNamespaces);
        for (JsonNode o : objects) {
          t.add(row(kind, o, allNamespaces, Instant.now()));
        }
        return t.render(headers);
      }
      case NAME -> {
        StringBuilder b = new StringBuilder();
        for (JsonNode o : objects) {
          b.append(kind.qualifiedSingular())
              .append('/')
              .append(o.path("metadata").path("name").asText())
              .append('\n');
        }
        return b.toString();
      }
      default -> {
        JsonNode doc = single && objects.size() == 1 ? objects.get(0) : list(objects);
        return switch (format) {
          case YAML -> Json.toYaml(doc);
          case JSON -> Json.pretty(doc) + "\n";
          default -> Objects.requireNonNull(jsonPath, "jsonpath template").render(doc);
        };
      }
    }
  }

  static ObjectNode list(List<JsonNode> objects) {
    ObjectNode list = Json.object();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    objects.forEach(items::add);
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  Table table(CliKinds.Kind kind, boolean allNamespaces) {
    List<String> headers = new ArrayList<>();
    if (allNamespaces) {
      headers.add("NAMESPACE");
    }
    headers.add("NAME");
    for (CliKinds.Column c : kind.columns()) {
      if (c.priority() == 0 || format == Format.WIDE) {
        headers.add(c.name().toUpperCase(Locale.ROOT));
      }
    }
    return new Table(headers);
  }

  List<String> row(CliKinds.Kind kind, JsonNode o, boolean allNamespaces, Instant now) {
    List<String> cells = new ArrayList<>();
    if (allNamespaces) {
      cells.add(o.path("metadata").path("namespace").asText(""));
    }
    cells.add(o.path("metadata").path("name").asText());
    for (CliKinds.Column c : kind.columns()) {
      if (c.priority() == 0 || format == Format.WIDE) {
        cells.add(cell(c, o, now));
      }
    }
    return cells;
  }

  static String cell(CliKinds.Column c, JsonNode o, Instant now) {
    JsonNode v = Json.at(o, c.path());
    if (c.type().equals("date") && v.isMissingNode() && c.name().equals("Last Seen")) {
      v = Json.at(o, ".metadata.creationTimestamp");
    }
    if (v.isMissingNode() || v.isNull()) {
      return "";
    }
    return switch (c.type()) {
      case "date" -> age(v.asText(), now);
      case "count" -> Integer.toString(v.size());
      case "objectref" ->
          v.path("kind").asText("").toLowerCase(Locale.ROOT) + "/" + v.path("name").asText("");
      default -> {
        if (v.isArray()) {
          List<String> parts = new ArrayList<>();
          v.forEach(x -> parts.add(x.asText()));
          yield String.join(",", parts);
        }
        yield v.isValueNode() ? v.asText() : Json.compact(v);
      }
    };
  }

  /** kubectl's HumanDuration: 45s, 5m10s, 3h, 2d5h, 400d. */
  static String age(String timestamp, Instant now) {
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    return human(Duration.between(then, now));
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return (s % 60 == 0) ? m + "m" : m + "m" + (s % 60) + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return (m % 60 == 0) ? h + "h" : h + "h" + (m % 60) + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return (h % 24 == 0) ? days + "d" : days + "d" + (h % 24) + "h";
    }
    return days + "d";
  }

  /** Left-aligned columns three spaces apart, as kubectl's tabwriter prints them. */
  static final class Table {
    final List<String> headers;
    final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
      this.headers = headers;
    }

    void add(List<String> row) {
      rows.add(row);
    }

    int[] widths() {
      int[] w = new int[headers.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = headers.get(i).length();
      }
      for (List<String> r : rows) {
        for (int i = 0; i < w.length && i < r.size(); i++) {
          w[i] = Math.max(w[i], r.get(i).length());
        }
      }
      return w;
    }

    String render(boolean withHeaders) {
      int[] w = widths();
      StringBuilder b = new StringBuilder();
      if (withHeaders) {
        line(b, headers, w);
      }
      for (List<String> r : rows) {
        line(b, r, w);
      }
      return b.toString();
    }

    static void line(StringBuilder b, List<String> cells, int[] w) {
      StringBuilder l = new StringBuilder();
      for (int i = 0; i < cells.size(); i++) {
        l.append(cells.get(i));
        if (i < cells.size() - 1) {
          l.append(" ".repeat(Math.max(0, w[i] - cells.get(i).length()) + 3));
        }
      }
      b.append(l.toString().stripTrailing()).append('\n');
    }
  }
}
