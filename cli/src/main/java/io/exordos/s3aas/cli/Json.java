package io.exordos.s3aas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/** Lazily built mappers: a command that prints a table never pays for the YAML writer. */
final class Json {
  private Json() {}

  private static final class JsonHolder {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private static final class YamlHolder {
    static final YAMLFactory FACTORY = YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .build();
    static final YAMLMapper MAPPER = new YAMLMapper(FACTORY);
  }

  static ObjectMapper mapper() {
    return JsonHolder.MAPPER;
  }

  static YAMLMapper yaml() {
    return YamlHolder.MAPPER;
  }

  static YAMLFactory yamlFactory() {
    return YamlHolder.FACTORY;
  }

  static ObjectNode object() {
    return JsonHolder.MAPPER.createObjectNode();
  }

  static String pretty(JsonNode node) {
    try {
      return JsonHolder.PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String compact(JsonNode node) {
    try {
      return JsonHolder.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String toYaml(JsonNode node) {
    try {
      return YamlHolder.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Follows a simple path such as {@code .status.phase} or {@code status.phase}. */
  static JsonNode at(JsonNode node, String path) {
    JsonNode n = node;
    for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
      if (!part.isEmpty()) {
        n = n.path(part);
      }
    }
    return n;
  }

  static String text(JsonNode node, String path) {
    JsonNode n = at(node, path);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
