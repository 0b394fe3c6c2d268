package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stored object after a write, whether it was created, and warnings for the client.
 *
 * @param json the object's JSON as a GET would serve it, when the store could give it (see {@link
 *     io.exordos.s3aas.server.store.StoredWrite}); the answer is then sent as is
 */
public record WriteResult(
    ObjectNode object, boolean created, List<String> warnings, @Nullable String json) {}
