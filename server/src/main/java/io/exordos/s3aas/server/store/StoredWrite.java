package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * What a write left in the store: the object, and when the store can give it, the object's JSON
 * exactly as a GET serves it. Answering a create or an update from that text saves serialising the
 * object a second time (about 3 % of the server's CPU under creates).
 *
 * @param json the stored text with its resourceVersion filled in, or null where the stored text is
 *     not the answer (a Secret's is sealed) or there is none (a dry run, a write that changed
 *     nothing)
 */
public record StoredWrite(ObjectNode object, @Nullable String json) {
  public static StoredWrite objectOnly(ObjectNode object) {
    return new StoredWrite(object, null);
  }
}
