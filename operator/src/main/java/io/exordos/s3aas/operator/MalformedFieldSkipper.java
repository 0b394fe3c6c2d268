package io.exordos.s3aas.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a field whose JSON value has the wrong type (a list where labels should be a map, a string
 * where finalizers should be a list...) as absent, with a warning naming the object and the field,
 * instead of failing.
 *
 * <p>Why: the informer of a kind reads all its objects in one list; one unreadable object would
 * fail that list, and with it reconciliation of every object of the kind, for every tenant. The API
 * refuses such objects, but one can still be stored by an older server, a restore or a hand edit of
 * the database. Values are never logged: they may be secret. Each problem goes to {@link
 * UnreadableObjects}, which tells the object's owner.
 */
final class MalformedFieldSkipper extends DeserializationProblemHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MalformedFieldSkipper.class);

  @Override
  public @Nullable Object handleUnexpectedToken(
      DeserializationContext ctxt,
      JavaType targetType,
      JsonToken token,
      JsonParser p,
      String failureMsg)
      throws IOException {
    return skip(p, targetType.getRawClass(), token);
  }

  @Override
  public @Nullable Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg)
      throws IOException {
    return skip(ctxt.getParser(), targetType, JsonToken.VALUE_STRING);
  }

  @Override
  public @Nullable Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg)
      throws IOException {
    return skip(ctxt.getParser(), targetType, ctxt.getParser().currentToken());
  }

  @Override
  public @Nullable Object handleMissingInstantiator(
      DeserializationContext ctxt,
      Class<?> instClass,
      ValueInstantiator valueInsta,
      JsonParser p,
      String msg)
      throws IOException {
    return skip(p, instClass, p.currentToken());
  }

  private static @Nullable Object skip(JsonParser p, Class<?> expected, @Nullable JsonToken found)
      throws IOException {
    JsonStreamContext context = p.getParsingContext();
    String problem =
        fieldPath(context) + " (expected " + kind(expected) + ", found " + kind(found) + ")";
    if (!UnreadableObjects.note(problem)) {
      LOG.warn(
          "ignored the malformed field {} of {}; fix or delete the object"
              + " (the API refuses such values)",
          problem,
          objectName(context));
    }
    p.skipChildren();
    return null;
  }

  /**
   * The path of the field being read within its object, e.g. {@code metadata.labels}: contexts up
   * to the one of the object itself (the one whose value is a {@link HasMetadata}), so a field of
   * the third item of a list is named as in that item.
   */
  static String fieldPath(@Nullable JsonStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      if (c.inObject() && c.hasCurrentName()) {
        segments.addFirst("." + c.getCurrentName());
      } else if (c.inArray() && c.hasCurrentIndex()) {
        segments.addFirst("[" + c.getCurrentIndex() + "]");
      }
      if (c.getCurrentValue() instanceof HasMetadata) {
        break;
      }
    }
    String path = String.join("", segments);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static String kind(Class<?> type) {
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a map";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    return "a " + type.getSimpleName();
  }

  private static String kind(@Nullable JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  /** The namespace/name of the object being read, if its metadata has been read that far. */
  private static String objectName(@Nullable JsonStreamContext context) {
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      if (c.getCurrentValue() instanceof ObjectMeta meta && meta.getName() != null) {
        return meta.getNamespace() == null
            ? meta.getName()
            : meta.getNamespace() + "/" + meta.getName();
      }
    }
    return "an object";
  }
}
