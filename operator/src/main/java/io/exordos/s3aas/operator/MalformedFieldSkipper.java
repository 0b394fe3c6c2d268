package io.exordos.s3aas.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
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
 * the database. Values are never logged: they may be secret.
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
    return skip(p, targetType.getRawClass().getSimpleName(), token);
  }

  @Override
  public @Nullable Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg)
      throws IOException {
    return skip(ctxt.getParser(), targetType.getSimpleName(), JsonToken.VALUE_STRING);
  }

  @Override
  public @Nullable Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg)
      throws IOException {
    return skip(ctxt.getParser(), targetType.getSimpleName(), ctxt.getParser().currentToken());
  }

  @Override
  public @Nullable Object handleMissingInstantiator(
      DeserializationContext ctxt,
      Class<?> instClass,
      ValueInstantiator valueInsta,
      JsonParser p,
      String msg)
      throws IOException {
    return skip(p, instClass.getSimpleName(), p.currentToken());
  }

  private static @Nullable Object skip(JsonParser p, String expected, @Nullable JsonToken found)
      throws IOException {
    LOG.warn(
        "ignored the malformed field {} of {}: expected {}, found {}; fix or delete the object"
            + " (the API refuses such values)",
        p.getParsingContext().pathAsPointer(),
        objectName(p.getParsingContext()),
        expected,
        found);
    p.skipChildren();
    return null;
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
