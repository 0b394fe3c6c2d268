package io.exordos.s3aas.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * JSON trees read and written with jackson-core's streaming API only: building an ObjectMapper
 * costs more start-up than a whole {@code get}, so it is never built on that path. The YAML writer
 * is built lazily, for {@code -o yaml} and {@code config}.
 */
final class Json {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  private static final class JsonHolder {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  private static final class YamlHolder {
    /**
     * Also quotes what YAML 1.1 readers would take for a date or timestamp (kubectl quotes them
     * too).
     */
    static final StringQuotingChecker QUOTING =
        new StringQuotingChecker.Default() {
          private static final long serialVersionUID = 1L;
          private final Pattern dateLike = Pattern.compile("^\\d{4}-\\d{1,2}-\\d{1,2}.*");

          @Override
          public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || dateLike.matcher(value).matches();
          }
        };

    static final YAMLFactory FACTORY =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .stringQuotingChecker(QUOTING)
            .build();
    static final YAMLMapper MAPPER = new YAMLMapper(FACTORY);
  }

  static YAMLFactory yamlFactory() {
    return YamlHolder.FACTORY;
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  // ---- reading ----

  static JsonNode parse(byte[] json) throws IOException {
    try (JsonParser p = JsonHolder.FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      return t == null ? NODES.missingNode() : read(p, t);
    }
  }

  static JsonNode parse(String json) throws IOException {
    try (JsonParser p = JsonHolder.FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      return t == null ? NODES.missingNode() : read(p, t);
    }
  }

  /** The value at the current token. */
  static JsonNode read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          o.set(name, read(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(read(p, v));
        }
        return a;
      }
      default -> {
        return scalar(p, t);
      }
    }
  }

  static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default ->
          throw new JsonProcessingException("unexpected " + t, p.currentLocation()) {
            private static final long serialVersionUID = 1L;
          };
    };
  }

  /** A SnakeYAML document (maps, lists, scalars) as a tree; dates and the like become text. */
  static JsonNode fromYamlObject(Object o) {
    if (o == null) {
      return NODES.nullNode();
    }
    if (o instanceof Map<?, ?> m) {
      ObjectNode n = NODES.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n.set(String.valueOf(e.getKey()), fromYamlObject(e.getValue()));
      }
      return n;
    }
    if (o instanceof List<?> l) {
      ArrayNode a = NODES.arrayNode();
      l.forEach(x -> a.add(fromYamlObject(x)));
      return a;
    }
    if (o instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (o instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (o instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (o instanceof java.math.BigInteger b) {
      return NODES.numberNode(b);
    }
    if (o instanceof Double d) {
      return NODES.numberNode(d);
    }
    return NODES.textNode(String.valueOf(o));
  }

  // ---- writing ----

  static String compact(JsonNode node) {
    return write(node, false);
  }

  static String pretty(JsonNode node) {
    return write(node, true);
  }

  private static String write(JsonNode node, boolean pretty) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JsonHolder.FACTORY.createGenerator(w)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode x : n) {
          write(g, x);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case NUMBER -> {
        if (n.isInt()) {
          g.writeNumber(n.intValue());
        } else if (n.isLong()) {
          g.writeNumber(n.longValue());
        } else if (n.isBigInteger()) {
          g.writeNumber(n.bigIntegerValue());
        } else if (n.isBigDecimal()) {
          g.writeNumber(n.decimalValue());
        } else {
          g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL, MISSING -> g.writeNull();
      default -> g.writeString(n.asText());
    }
  }

  static String toYaml(JsonNode node) {
    try {
      return YamlHolder.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads YAML (for config files) with SnakeYAML alone: no Jackson YAML machinery. */
  static JsonNode readYaml(String text) {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    Object doc =
        new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options))
            .load(text);
    return fromYamlObject(doc);
  }

  /** Follows a simple path such as {@code .status.phase} or {@code status.phase}. */
  static JsonNode at(JsonNode node, String path) {
    JsonNode n = node;
    for (String part : path.replaceFirst("^\\.", "").split("\\.", -1)) {
      if (!part.isEmpty()) {
        n = n.path(part);
      }
    }
    return n;
  }

  static @Nullable String text(JsonNode node, String path) {
    JsonNode n = at(node, path);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
