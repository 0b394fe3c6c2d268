package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The stored object after a write, whether it was created, and warnings for the client. */
public record WriteResult(ObjectNode object, boolean created, List<String> warnings) {}
