package io.exordos.s3aas.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON written in a test's source with single quotes, so it reads without escapes. */
public final class Json {
  private static final ObjectMapper SINGLE_QUOTES =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private Json() {}

  /** Parses {@code {'a': 'b'}} (double quotes work too). */
  public static JsonNode parse(String text) {
    try {
      return SINGLE_QUOTES.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }

  /** {@link #parse} of a text that is an object. */
  public static ObjectNode object(String text) {
    return (ObjectNode) parse(text);
  }
}
