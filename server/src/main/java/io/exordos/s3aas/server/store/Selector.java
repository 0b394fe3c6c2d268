package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes label selector plus field selector on {@code metadata.name} and {@code
 * metadata.namespace}, as list and watch accept them.
 *
 * <p>Label syntax: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin
 * (x)}, {@code a}, {@code !a}, joined by commas.
 */
public final class Selector {
  private static final Pattern SET_TERM =
      Pattern.compile("^\\s*([^\\s!=(),]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*$");
  private static final Pattern EQ_TERM =
      Pattern.compile("^\\s*([^\\s!=(),]+)\\s*(==|=|!=)\\s*([^\\s!=(),]*)\\s*$");
  private static final Pattern EXISTS_TERM = Pattern.compile("^\\s*(!?)\\s*([^\\s!=(),]+)\\s*$");
  private static final Set<String> FIELDS = Set.of("metadata.name", "metadata.namespace");

  /** The extra fields kube-apiserver lets clients select events by (kubectl describe uses them). */
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "involvedObject.kind",
          "involvedObject.namespace",
          "involvedObject.name",
          "involvedObject.uid",
          "involvedObject.apiVersion",
          "involvedObject.resourceVersion",
          "involvedObject.fieldPath",
          "reason",
          "type",
          "source",
          "reportingComponent");

  private record Term(String path, String op, List<String> values) {}

  public static final Selector ALL = new Selector(List.of(), List.of());

  private final List<Term> labelTerms;
  private final List<Term> fieldTerms;

  private Selector(List<Term> labelTerms, List<Term> fieldTerms) {
    this.labelTerms = labelTerms;
    this.fieldTerms = fieldTerms;
  }

  /**
   * Parses a label selector and a field selector.
   *
   * @throws IllegalArgumentException naming the bad term, for a 400 answer
   */
  public static Selector parse(@Nullable String labelSelector, @Nullable String fieldSelector) {
    return parse(labelSelector, fieldSelector, false);
  }

  /**
   * Parses a label selector and a field selector.
   *
   * @param events whether the selected kind is core/v1 Event, which has more selectable fields
   */
  public static Selector parse(
      @Nullable String labelSelector, @Nullable String fieldSelector, boolean events) {
    List<Term> labels = new ArrayList<>();
    for (String term : splitTerms(labelSelector)) {
      labels.add(parseLabelTerm(term));
    }
    List<Term> fields = new ArrayList<>();
    for (String term : splitTerms(fieldSelector)) {
      Matcher m = EQ_TERM.matcher(term);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid field selector term \"" + term + "\"");
      }
      if (!FIELDS.contains(m.group(1)) && !(events && EVENT_FIELDS.contains(m.group(1)))) {
        throw new IllegalArgumentException(
            "field label not supported: "
                + m.group(1)
                + " (use metadata.name or metadata.namespace"
                + (events ? " or an involvedObject field)" : ")"));
      }
      String op = m.group(2).equals("!=") ? "!=" : "=";
      fields.add(new Term(m.group(1), op, List.of(m.group(3))));
    }
    return new Selector(List.copyOf(labels), List.copyOf(fields));
  }

  private static Term parseLabelTerm(String term) {
    Matcher set = SET_TERM.matcher(term);
    if (set.matches()) {
      List<String> values = new ArrayList<>();
      for (String v : set.group(3).split(",", -1)) {
        values.add(checkLabelValue(v.trim(), term));
      }
      if (values.equals(List.of(""))) {
        throw new IllegalArgumentException(
            "invalid label selector term \""
                + term.trim()
                + "\": for 'in', 'notin' operators, values set can't be empty");
      }
      return new Term(checkLabelKey(set.group(1), term), set.group(2), values);
    }
    Matcher eq = EQ_TERM.matcher(term);
    if (eq.matches()) {
      return new Term(
          checkLabelKey(eq.group(1), term),
          eq.group(2).equals("!=") ? "!=" : "=",
          List.of(checkLabelValue(eq.group(3), term)));
    }
    Matcher exists = EXISTS_TERM.matcher(term);
    if (exists.matches()) {
      return new Term(
          checkLabelKey(exists.group(2), term),
          exists.group(1).isEmpty() ? "exists" : "!exists",
          List.of());
    }
    throw new IllegalArgumentException("invalid label selector term \"" + term.trim() + "\"");
  }

  /**
   * A label key as in metadata.labels: an optional DNS prefix and '/', then a name of 63 at most.
   */
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

  private static String checkLabelKey(String key, String term) {
    if (!LABEL_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "invalid label selector term \""
              + term.trim()
              + "\": \""
              + key
              + "\" is not a valid label key (an optional DNS prefix and '/', then alphanumerics,"
              + " '-', '_' or '.', at most 63)");
    }
    return key;
  }

  private static String checkLabelValue(String value, String term) {
    if (!LABEL_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid label selector term \""
              + term.trim()
              + "\": \""
              + value
              + "\" is not a valid label value (alphanumerics, '-', '_' or '.', at most 63)");
    }
    return value;
  }

  /** Splits on commas that are not inside parentheses. */
  private static List<String> splitTerms(@Nullable String selector) {
    List<String> terms = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return terms;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** Equality terms, which the store can push down to an indexed JSON containment query. */
  public Map<String, String> labelEqualities() {
    Map<String, String> result = new LinkedHashMap<>();
    for (Term t : labelTerms) {
      if (t.op.equals("=")) {
        result.put(t.path, t.values.get(0));
      }
    }
    return result;
  }

  /** The exact name this selector pins, if it has a {@code metadata.name=} term. */
  public @Nullable String exactName() {
    for (Term t : fieldTerms) {
      if (t.path.equals("metadata.name") && t.op.equals("=")) {
        return t.values.get(0);
      }
    }
    return null;
  }

  public boolean isEverything() {
    return labelTerms.isEmpty() && fieldTerms.isEmpty();
  }

  public boolean matches(ObjectNode object) {
    JsonNode meta = object.path("metadata");
    JsonNode labels = meta.path("labels");
    for (Term t : labelTerms) {
      JsonNode value = labels.get(t.path);
      String text = value == null || value.isNull() ? null : value.asText();
      if (!holds(t, text)) {
        return false;
      }
    }
    for (Term t : fieldTerms) {
      JsonNode value = object;
      for (String part : t.path.split("\\.", -1)) {
        value = value.path(part);
      }
      if (!holds(t, value.isValueNode() ? value.asText() : "")) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(Term t, @Nullable String value) {
    return switch (t.op) {
      case "=" -> t.values.get(0).equals(value);
      case "!=" -> !t.values.get(0).equals(value);
      case "in" -> value != null && t.values.contains(value);
      case "notin" -> value == null || !t.values.contains(value);
      case "exists" -> value != null;
      case "!exists" -> value == null;
      default -> throw new IllegalStateException("unknown selector operator " + t.op);
    };
  }
}
