package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.secrets.SecretCipher;

/**
 * Turns objects into the text stored in PostgreSQL and back. A Secret's {@code data} is sealed with
 * {@link SecretCipher} on the way in, so neither the resources table, the change log nor a database
 * dump holds a credential in the clear. So are a Secret's annotations: {@code kubectl apply} copies
 * the whole manifest, {@code stringData} included, into {@code
 * kubectl.kubernetes.io/last-applied-configuration}.
 */
public final class ObjectCodec {
  private static final String SEALED_FIELD = "sealedData";
  private static final String SEALED_ANNOTATIONS = "sealedAnnotations";

  private final ObjectMapper json;
  private final SecretCipher cipher;

  public ObjectCodec(ObjectMapper json, SecretCipher cipher) {
    this.json = json;
    this.cipher = cipher;
  }

  public ObjectMapper json() {
    return json;
  }

  public String encode(ResourceType type, ObjectNode object) {
    ObjectNode stored = object;
    boolean copied = false;
    if (type.isSecret() && object.has("data")) {
      stored = object.deepCopy();
      copied = true;
      JsonNode data = stored.remove("data");
      stored.put(SEALED_FIELD, cipher.seal(write(data), associatedData(object)));
    }
    if (type.isSecret() && object.path("metadata").path("annotations").isObject()) {
      stored = copied ? stored : object.deepCopy();
      JsonNode annotations = stored.withObject("metadata").remove("annotations");
      stored.put(SEALED_ANNOTATIONS, cipher.seal(write(annotations), associatedData(object)));
    }
    return write(stored);
  }

  public ObjectNode decode(ResourceType type, String stored) {
    ObjectNode object = read(stored);
    if (type.isSecret() && object.has(SEALED_FIELD)) {
      String sealed = object.remove(SEALED_FIELD).asText();
      object.set("data", read(cipher.open(sealed, associatedData(object))));
    }
    if (type.isSecret() && object.has(SEALED_ANNOTATIONS)) {
      String sealed = object.remove(SEALED_ANNOTATIONS).asText();
      object
          .withObject("metadata")
          .set("annotations", read(cipher.open(sealed, associatedData(object))));
    }
    return object;
  }

  /** Binds a sealed value to its object: namespace, name and uid. */
  private static String associatedData(ObjectNode object) {
    JsonNode meta = object.path("metadata");
    return meta.path("namespace").asText()
        + "/"
        + meta.path("name").asText()
        + "/"
        + meta.path("uid").asText();
  }

  public String write(JsonNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  public ObjectNode read(String text) {
    try {
      return (ObjectNode) json.readTree(text);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored object is not a JSON object", e);
    }
  }
}
