package io.exordos.s3aas.server.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a generated Kubernetes protobuf message into the JSON kube-apiserver would have received
 * for it. Kubernetes' .proto files name each field as its JSON field, so names carry over; what
 * differs from protobuf's own JSON mapping (JsonFormat) is the Kubernetes wrappers: {@code Time}
 * and {@code MicroTime} are RFC 3339 strings (a zero time is absent), {@code IntOrString} is a
 * number or a string, {@code Quantity} a string, {@code RawExtension} and {@code FieldsV1} embedded
 * JSON, 64-bit integers stay numbers, and zero scalars are left out as Go's JSON leaves them out.
 */
final class ProtoJson {
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /** Go's zero time.Time, as its Unix seconds (what a Go client marshals for an unset Time). */
  private static final long GO_ZERO_TIME_SECONDS = -62135596800L;

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  ProtoJson(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode toJson(Message message) {
    ObjectNode out = json.createObjectNode();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (isZeroScalar(f, e.getValue())) {
        continue;
      }
      JsonNode value = f.isMapField() ? map(f, e.getValue()) : fieldValue(f, e.getValue());
      if (value != null) {
        out.set(f.getName(), value);
      }
    }
    return out;
  }

  /**
   * Go clients write every non-pointer field, set or not; a zero string, number or boolean there is
   * what Kubernetes' JSON leaves out (omitempty), so it is left out here too, and defaults apply.
   */
  private static boolean isZeroScalar(FieldDescriptor f, Object value) {
    if (f.isRepeated()) {
      return false;
    }
    return switch (f.getJavaType()) {
      case STRING -> ((String) value).isEmpty();
      case BYTE_STRING -> ((ByteString) value).isEmpty();
      case INT, LONG, FLOAT, DOUBLE -> ((Number) value).doubleValue() == 0;
      case BOOLEAN -> !((Boolean) value);
      case MESSAGE, ENUM -> false;
    };
  }

  private JsonNode map(FieldDescriptor f, Object entries) {
    ObjectNode out = json.createObjectNode();
    FieldDescriptor keyField = f.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = f.getMessageType().findFieldByNumber(2);
    for (Object o : (List<?>) entries) {
      Message entry = (Message) o;
      JsonNode v = single(valueField, entry.getField(valueField));
      out.set(String.valueOf(entry.getField(keyField)), v == null ? json.nullNode() : v);
    }
    return out;
  }

  private @Nullable JsonNode fieldValue(FieldDescriptor f, Object value) {
    if (!f.isRepeated()) {
      return single(f, value);
    }
    ArrayNode array = json.createArrayNode();
    for (Object o : (List<?>) value) {
      JsonNode v = single(f, o);
      array.add(v == null ? json.nullNode() : v);
    }
    return array;
  }

  /** One value of a field; null for a value Kubernetes' JSON leaves out (a zero time). */
  private @Nullable JsonNode single(FieldDescriptor f, Object value) {
    return switch (f.getJavaType()) {
      case MESSAGE -> message((Message) value);
      case BYTE_STRING ->
          json.getNodeFactory()
              .textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case INT -> json.getNodeFactory().numberNode((Integer) value);
      case LONG -> json.getNodeFactory().numberNode((Long) value);
      case FLOAT -> json.getNodeFactory().numberNode((Float) value);
      case DOUBLE -> json.getNodeFactory().numberNode((Double) value);
      case BOOLEAN -> json.getNodeFactory().booleanNode((Boolean) value);
      case STRING -> json.getNodeFactory().textNode((String) value);
      case ENUM -> json.getNodeFactory().textNode(value.toString());
    };
  }

  private @Nullable JsonNode message(Message m) {
    String type = m.getDescriptorForType().getFullName();
    return switch (type) {
      case META + "Time" -> time(m, SECONDS);
      case META + "MicroTime" -> time(m, MICROS);
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(m);
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" ->
          json.getNodeFactory().textNode(stringField(m, 1));
      case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> embeddedJson(m);
      default -> toJson(m);
    };
  }

  private @Nullable JsonNode time(Message m, DateTimeFormatter format) {
    long seconds = longField(m, 1);
    long nanos = longField(m, 2);
    if ((seconds == 0 && nanos == 0) || seconds <= GO_ZERO_TIME_SECONDS) {
      return null;
    }
    return json.getNodeFactory().textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
  }

  private JsonNode intOrString(Message m) {
    // type 0 is an int (intVal), 1 a string (strVal)
    return longField(m, 1) == 1
        ? json.getNodeFactory().textNode(stringField(m, 3))
        : json.getNodeFactory().numberNode(longField(m, 2));
  }

  private @Nullable JsonNode embeddedJson(Message m) {
    FieldDescriptor raw = m.getDescriptorForType().findFieldByNumber(1);
    ByteString bytes = (ByteString) m.getField(raw);
    if (bytes.isEmpty()) {
      return null;
    }
    try {
      return json.readTree(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "embedded object in " + m.getDescriptorForType().getName() + " is not JSON", e);
    }
  }

  private static long longField(Message m, int number) {
    Object v = m.getField(m.getDescriptorForType().findFieldByNumber(number));
    return ((Number) v).longValue();
  }

  private static String stringField(Message m, int number) {
    return (String) m.getField(m.getDescriptorForType().findFieldByNumber(number));
  }
}
