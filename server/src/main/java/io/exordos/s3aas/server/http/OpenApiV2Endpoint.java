package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.protobuf.OpenApiV2;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /openapi/v2}: the Swagger 2.0 document of every served kind, protobuf-encoded as
 * kubectl asks for it (its client-side validation of {@code kind: List} files reads it), or JSON
 * for a client that asks for JSON. Built once: the kinds are fixed for the server's lifetime.
 */
final class OpenApiV2Endpoint {
  private final ObjectNode document;
  private final byte[] protobuf;

  OpenApiV2Endpoint(ObjectMapper json, Map<String, ObjectNode> schemas) {
    OpenApiV2 v2 = new OpenApiV2(json);
    this.document = v2.document(schemas);
    this.protobuf = v2.encode(document);
  }

  void send(Exchange ex) throws IOException {
    if (!ex.method().equals("GET")) {
      throw io.exordos.s3aas.server.api.ApiException.methodNotAllowed(
          "the OpenAPI document is read with GET");
    }
    String accept = ex.header("Accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("protobuf")) {
      ex.sendBytes(200, OpenApiV2.PROTOBUF_ANSWER_TYPE, protobuf);
      return;
    }
    ex.sendJson(200, document);
  }
}
