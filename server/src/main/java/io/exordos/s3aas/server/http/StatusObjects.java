package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.validation.Cause;

/** {@code meta.k8s.io/v1 Status} objects, the error body every Kubernetes client understands. */
final class StatusObjects {
  private StatusObjects() {}

  static ObjectNode failure(ObjectMapper json, ApiException e) {
    ObjectNode status = base(json, "Failure", e.code());
    status.put("message", e.getMessage());
    status.put("reason", e.reason());
    if (e.name() != null || !e.causes().isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (e.name() != null) {
        details.put("name", e.name());
        details.put("group", e.group());
        details.put("kind", e.kind());
      }
      if (!e.causes().isEmpty()) {
        ArrayNode causes = details.putArray("causes");
        for (Cause c : e.causes()) {
          causes
              .addObject()
              .put("reason", c.reason())
              .put("message", c.message())
              .put("field", c.field());
        }
      }
    }
    return status;
  }

  static ObjectNode base(ObjectMapper json, String outcome, int code) {
    ObjectNode status = json.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    status.put("code", code);
    return status;
  }
}
