package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The subset of kubectl's JSONPath templates people use: literal text, {@code {.a.b}}, {@code
 * {.items[*].metadata.name}}, {@code [n]}, {@code ['key.with.dots']}, {@code {range
 * .items[*]}...{end}} and the escapes \n and \t. Several results print space-separated.
 */
final class JsonPath {
  private sealed interface Part permits Text, Expr, Range {}

  private record Text(String text) implements Part {}

  private record Expr(List<String> steps) implements Part {}

  private record Range(List<String> steps, List<Part> body) implements Part {}

  private final List<Part> parts;

  private JsonPath(List<Part> parts) {
    this.parts = parts;
  }

  static JsonPath compile(String template) {
    int[] pos = {0};
    List<Part> parts = parse(template, pos, false);
    return new JsonPath(parts);
  }

  private static List<Part> parse(String t, int[] pos, boolean inRange) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    while (pos[0] < t.length()) {
      char c = t.charAt(pos[0]);
      if (c == '\\' && pos[0] + 1 < t.length()) {
        char n = t.charAt(pos[0] + 1);
        text.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
        pos[0] += 2;
      } else if (c == '{') {
        int close = t.indexOf('}', pos[0]);
        if (close < 0) {
          throw new CliException(2, "invalid jsonpath template \"" + t + "\": unclosed {");
        }
        String expr = t.substring(pos[0] + 1, close).trim();
        pos[0] = close + 1;
        if (!text.isEmpty()) {
          parts.add(new Text(text.toString()));
          text.setLength(0);
        }
        if (expr.equals("end")) {
          if (!inRange) {
            throw new CliException(
                2, "invalid jsonpath template \"" + t + "\": {end} without {range}");
          }
          return parts;
        } else if (expr.startsWith("range ")) {
          List<String> steps = steps(expr.substring(6).trim(), t);
          parts.add(new Range(steps, parse(t, pos, true)));
        } else {
          parts.add(new Expr(steps(expr, t)));
        }
      } else {
        text.append(c);
        pos[0]++;
      }
    }
    if (inRange) {
      throw new CliException(2, "invalid jsonpath template \"" + t + "\": {range} without {end}");
    }
    if (!text.isEmpty()) {
      parts.add(new Text(text.toString()));
    }
    return parts;
  }

  /** {@code .a.b[*].c['d.e']} → [a, b, [*], c, d.e]. */
  private static List<String> steps(String expr, String template) {
    List<String> steps = new ArrayList<>();
    String e = expr.startsWith("$") ? expr.substring(1) : expr;
    int i = 0;
    while (i < e.length()) {
      char c = e.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '[') {
        int close = e.indexOf(']', i);
        if (close < 0) {
          throw new CliException(2, "invalid jsonpath template \"" + template + "\": unclosed [");
        }
        String inner = e.substring(i + 1, close).trim();
        if (inner.startsWith("'") || inner.startsWith("\"")) {
          steps.add(inner.substring(1, inner.length() - 1));
        } else {
          steps.add("[" + inner + "]");
        }
        i = close + 1;
      } else {
        int end = i;
        while (end < e.length() && e.charAt(end) != '.' && e.charAt(end) != '[') {
          end++;
        }
        steps.add(e.substring(i, end));
        i = end;
      }
    }
    return steps;
  }

  String render(JsonNode root) {
    StringBuilder out = new StringBuilder();
    render(parts, root, out);
    return out.toString();
  }

  private static void render(List<Part> parts, JsonNode node, StringBuilder out) {
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else if (p instanceof Expr e) {
        List<JsonNode> values = eval(node, e.steps());
        for (int i = 0; i < values.size(); i++) {
          out.append(i > 0 ? " " : "").append(scalar(values.get(i)));
        }
      } else if (p instanceof Range r) {
        for (JsonNode item : eval(node, r.steps())) {
          render(r.body(), item, out);
        }
      }
    }
  }

  private static String scalar(JsonNode v) {
    return v.isValueNode() ? v.asText() : Json.compact(v);
  }

  static List<JsonNode> eval(JsonNode root, List<String> steps) {
    List<JsonNode> current = List.of(root);
    for (String s : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (s.equals("[*]") || s.equals("*")) {
          if (n.isArray()) {
            n.forEach(next::add);
          } else if (n.isObject()) {
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
              next.add(it.next());
            }
          }
        } else if (s.startsWith("[") && s.endsWith("]")) {
          String idx = s.substring(1, s.length() - 1);
          try {
            int i = Integer.parseInt(idx);
            JsonNode v = n.isArray() ? n.get(i < 0 ? n.size() + i : i) : null;
            if (v != null) {
              next.add(v);
            }
          } catch (NumberFormatException e) {
            throw new CliException(
                2, "unsupported jsonpath index [" + idx + "]: use [n], [*] or ['key']");
          }
        } else if (n.has(s)) {
          next.add(n.get(s));
        }
      }
      current = next;
    }
    return current;
  }
}
