package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers, to requests it refuses before the API sees them (a path with %00 or an
 * ambiguous encoding, a bad header): a Kubernetes Status in JSON instead of an HTML page, and
 * {@code Connection: close}, because Jetty closes such connections after answering, and a client
 * that is not told loses its next request on the kept-alive connection.
 */
public final class StatusErrorHandler extends ErrorHandler {
  private final ObjectMapper json;

  public StatusErrorHandler(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int code = response.getStatus() >= 400 ? response.getStatus() : 500;
    Object message = request.getAttribute(ERROR_MESSAGE);
    String text = message instanceof String s && !s.isBlank() ? s : HttpStatus.getMessage(code);
    ObjectNode status =
        StatusObjects.failure(
            json,
            new ApiException(
                code,
                code >= 500 ? "InternalError" : code == 404 ? "NotFound" : "BadRequest",
                text));
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(status)), callback);
    return true;
  }
}
