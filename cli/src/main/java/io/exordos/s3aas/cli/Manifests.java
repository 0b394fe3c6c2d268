package io.exordos.s3aas.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads manifests from files, directories (recursively) and stdin: multi-document YAML or JSON,
 * {@code kind: List} expanded, and for every field the line it was written on, so that errors point
 * at {@code file:line}.
 */
final class Manifests {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One object from a manifest, with where each field was written. */
  record Manifest(String source, int line, ObjectNode object, Map<String, Integer> lines) {
    /** {@code file:line} of a field path such as {@code spec.nodes}, or of the document. */
    String where(@Nullable String field) {
      Integer l = null;
      if (field != null) {
        String f = field;
        while (l == null && !f.isEmpty()) {
          l = lines.get(f);
          int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
          f = cut > 0 ? f.substring(0, cut) : "";
        }
      }
      return source + ":" + (l != null ? l : line);
    }

    String apiVersion() {
      return object.path("apiVersion").asText("");
    }

    String kind() {
      return object.path("kind").asText("");
    }

    String name() {
      return object.path("metadata").path("name").asText("");
    }
  }

  private Manifests() {}

  static List<Manifest> read(List<String> inputs, InputStream stdin) {
    List<Manifest> all = new ArrayList<>();
    for (String in : inputs) {
      if (in.equals("-")) {
        try {
          all.addAll(parse("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new CliException("cannot read stdin: " + e.getMessage());
        }
        continue;
      }
      Path p = Paths.get(in);
      if (Files.isDirectory(p)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(p)) {
          files = walk.filter(Files::isRegularFile).filter(Manifests::isManifest).sorted().toList();
        } catch (IOException e) {
          throw new CliException("cannot read directory " + p + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
          throw new CliException("no manifests (*.yaml, *.yml, *.json) in directory " + p);
        }
        for (Path f : files) {
          all.addAll(parseFile(f));
        }
      } else if (Files.isRegularFile(p)) {
        all.addAll(parseFile(p));
      } else {
        throw new CliException("the path \"" + in + "\" does not exist");
      }
    }
    return all;
  }

  private static boolean isManifest(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private static List<Manifest> parseFile(Path f) {
    try {
      return parse(f.toString(), Files.readString(f));
    } catch (IOException e) {
      throw new CliException("cannot read " + f + ": " + e.getMessage());
    }
  }

  static List<Manifest> parse(String source, String text) {
    List<Manifest> out = new ArrayList<>();
    try (Reader reader = new StringReader(text);
        JsonParser p = Json.yamlFactory().createParser(reader)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        Map<String, Integer> lines = new HashMap<>();
        JsonNode doc = value(p, t, "", lines);
        if (doc.isNull()) {
          continue; // an empty document
        }
        if (!doc.isObject()) {
          throw new CliException(
              source
                  + ":"
                  + line
                  + ": a manifest must be a mapping with apiVersion, kind and metadata, not "
                  + doc.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        ObjectNode o = (ObjectNode) doc;
        if (o.path("kind").asText().endsWith("List") && o.path("items").isArray()) {
          int i = 0;
          for (JsonNode item : o.path("items")) {
            String prefix = "items[" + i++ + "]";
            Map<String, Integer> itemLines = new HashMap<>();
            lines.forEach(
                (k, v) -> {
                  if (k.startsWith(prefix + ".")) {
                    itemLines.put(k.substring(prefix.length() + 1), v);
                  }
                });
            out.add(
                check(
                    new Manifest(
                        source, lines.getOrDefault(prefix, line), (ObjectNode) item, itemLines)));
          }
        } else {
          out.add(check(new Manifest(source, line, o, lines)));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new CliException(
          source
              + (l != null && l.getLineNr() > 0 ? ":" + l.getLineNr() + ":" + l.getColumnNr() : "")
              + ": invalid YAML: "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new CliException("cannot read " + source + ": " + e.getMessage());
    }
    return out;
  }

  private static Manifest check(Manifest m) {
    List<String> missing = new ArrayList<>();
    if (m.apiVersion().isEmpty()) {
      missing.add("apiVersion");
    }
    if (m.kind().isEmpty()) {
      missing.add("kind");
    }
    if (m.name().isEmpty() && !m.object().path("metadata").has("generateName")) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      throw new CliException(
          m.source() + ":" + m.line() + ": the manifest has no " + String.join(", ", missing));
    }
    return m;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    String first = s.strip().split("\n", -1)[0].strip();
    return first.isEmpty() ? s.strip() : first;
  }

  /** Reads the value at the current token, recording the line of every field below {@code path}. */
  private static JsonNode value(JsonParser p, JsonToken t, String path, Map<String, Integer> lines)
      throws IOException {
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        JsonToken f;
        while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          lines.put(child, p.currentTokenLocation().getLineNr());
          o.set(name, value(p, p.nextToken(), child, lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        JsonToken v;
        int i = 0;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
          String child = path + "[" + i++ + "]";
          lines.put(child, p.currentTokenLocation().getLineNr());
          a.add(value(p, v, child, lines));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new CliException("unexpected " + t + " in YAML");
    }
  }
}
