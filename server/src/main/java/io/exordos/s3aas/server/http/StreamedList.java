package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceStore;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes a whole list answer ({@code {"apiVersion", "kind", "metadata", "items"}}) as the store
 * reads it, one item at a time, instead of building it in memory first: a list of 100,000 objects
 * took 400-700 MiB of heap at its peak when built whole. The answer is chunked; an error after the
 * first item can only end the connection, as with kube-apiserver's streamed lists.
 */
final class StreamedList implements ResourceStore.ListSink {
  private final Exchange ex;
  private final ResourceType type;
  private final @Nullable Long requestedRevision;
  private @Nullable JsonGenerator out;

  StreamedList(Exchange ex, ResourceType type, @Nullable Long requestedRevision) {
    this.ex = ex;
    this.type = type;
    this.requestedRevision = requestedRevision;
  }

  @Override
  public void start(long revision) throws IOException {
    ResourceEndpoint.checkExactRevision(ex, requestedRevision, revision);
    JsonGenerator g = ex.json().createGenerator(ex.startStream(200, "application/json"));
    g.writeStartObject();
    g.writeStringField("apiVersion", type.apiVersion());
    g.writeStringField("kind", type.listKind());
    g.writeObjectFieldStart("metadata");
    g.writeStringField("resourceVersion", Long.toString(revision));
    g.writeEndObject();
    g.writeArrayFieldStart("items");
    out = g;
  }

  @Override
  public void item(ObjectNode object) throws IOException {
    generator().writeTree(object);
  }

  /** Ends the answer, once the store has handed over the last item. */
  void finish() throws IOException {
    JsonGenerator g = generator();
    g.writeEndArray();
    g.writeEndObject();
    g.close();
  }

  private JsonGenerator generator() {
    if (out == null) {
      throw new IllegalStateException("the list has not started");
    }
    return out;
  }
}
