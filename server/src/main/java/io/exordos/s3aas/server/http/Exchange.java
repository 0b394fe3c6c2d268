package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.protobuf.KubernetesProtobuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/** One HTTP request and its response, with the helpers every endpoint needs. */
public final class Exchange {
  private static final int MAX_BODY = 3 * 1024 * 1024;

  private final Request request;
  private java.util.function.BooleanSupplier stillValid = () -> true;
  private final Response response;

  /**
   * Readers of one JSON (or YAML) value: exactly one, so "{...}GARBAGE" or a second YAML document
   * is refused, not half-read; with strict duplicates, a repeated field is an error. Made once per
   * mapper: a reader per request cost ~2 % of the server's CPU under creates, and copying the
   * mapper for strict requests (kubectl's default) also threw away its deserializer caches. A
   * process has one or two mappers (a test JVM one per server it starts).
   */
  private static final Map<ObjectMapper, ObjectReader[]> TREE_READERS = new ConcurrentHashMap<>();

  private final ObjectMapper json;
  private final KubernetesProtobuf protobuf;
  private final Fields query;
  private final List<String> path;
  private int status = 200;
  private boolean bodyRead;
  private String principal = "-";
  private io.exordos.s3aas.server.iam.@Nullable Principal caller;
  private io.exordos.s3aas.server.api.@Nullable WriteGuard writeGuard;

  Exchange(Request request, Response response, ObjectMapper json, KubernetesProtobuf protobuf) {
    this.request = request;
    this.response = response;
    this.json = json;
    this.protobuf = protobuf;
    this.query = Request.extractQueryParameters(request);
    String p = request.getHttpURI().getDecodedPath();
    this.path = segments(p);
  }

  /** "/a//b/" → [a, b]; "/" → [""] (by hand: a regex split here cost ~1 % of a create's CPU). */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      if (path.charAt(i) == '/') {
        i++;
        continue;
      }
      int end = path.indexOf('/', i);
      end = end < 0 ? path.length() : end;
      out.add(path.substring(i, end));
      i = end;
    }
    return out.isEmpty() ? List.of("") : List.copyOf(out);
  }

  public String method() {
    return request.getMethod();
  }

  /** Path segments, without empty ones; the root path is one empty segment. */
  public List<String> path() {
    return path;
  }

  /** What is ambiguous or illegal in the request's path, as Jetty's URI parser found it. */
  public List<String> pathViolations() {
    HttpURI uri = request.getHttpURI();
    if (!uri.hasViolations()) {
      return List.of();
    }
    return uri.getViolations().stream()
        .map(v -> v.getDescription().toLowerCase(java.util.Locale.ROOT))
        .sorted()
        .toList();
  }

  /** The path as the client sent it, still percent-encoded. */
  public String encodedPath() {
    return request.getHttpURI().getPath();
  }

  public String rawPath() {
    return request.getHttpURI().getDecodedPath();
  }

  /** The query parameter's value, or null when the request has none. */
  public @Nullable String query(String name) {
    return query.getValue(name);
  }

  public boolean queryFlag(String name) {
    String v = query(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }

  /** The request header's value, or null when the request has none. */
  public @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  public String principal() {
    return principal;
  }

  void setPrincipal(io.exordos.s3aas.server.iam.Principal caller) {
    this.caller = caller;
    this.principal = caller.name();
  }

  /** Who sent the request (set once authenticated: only handlers behind authentication ask). */
  public io.exordos.s3aas.server.iam.Principal caller() {
    return Objects.requireNonNull(caller, "the request is not authenticated (yet)");
  }

  /** The caller's field-level authorization for a write on the resource API, or null. */
  io.exordos.s3aas.server.api.@Nullable WriteGuard writeGuard() {
    return writeGuard;
  }

  void setWriteGuard(io.exordos.s3aas.server.api.@Nullable WriteGuard guard) {
    this.writeGuard = guard;
  }

  /**
   * Sets how long this request's connection may stay silent before it is closed: a watch lifts the
   * server's short idle timeout for as long as it streams, and puts it back after.
   */
  void keepOpenFor(long millis) {
    request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(millis);
  }

  /** Whether the caller's token is still valid now (a revoked token ends its watches). */
  boolean callerStillValid() {
    return stillValid.getAsBoolean();
  }

  void setStillValid(java.util.function.BooleanSupplier check) {
    this.stillValid = check;
  }

  public int status() {
    return status;
  }

  public JsonNode readJson(boolean strictDuplicates) {
    return readJson(strictDuplicates, null);
  }

  /**
   * The body as JSON (or YAML); {@code whenEmpty} is what an empty body means, or null when the
   * request needs a body.
   */
  public JsonNode readJson(boolean strictDuplicates, @Nullable JsonNode whenEmpty) {
    byte[] body = readBody();
    if (body.length == 0) {
      if (whenEmpty != null) {
        return whenEmpty;
      }
      throw ApiException.badRequest("the request has no body");
    }
    if (KubernetesProtobuf.isProtobuf(header("Content-Type"))) {
      return protobuf.toJson(body);
    }
    BodyFormat format = BodyFormat.of(method(), header("Content-Type"));
    try {
      ObjectMapper mapper = format == BodyFormat.YAML ? Yaml.MAPPER : json;
      return treeReader(mapper, strictDuplicates).readTree(body);
    } catch (IOException e) {
      String detail = e.getMessage();
      String message = detail == null ? "invalid JSON" : detail.split("\n", -1)[0];
      if (message.startsWith("Duplicate field")) {
        throw new ApiException(
            422, "Invalid", "json: " + message.replace("Duplicate field", "duplicate field"));
      }
      throw ApiException.badRequest("the request body is not valid JSON: " + message);
    }
  }

  private static ObjectReader treeReader(ObjectMapper mapper, boolean strictDuplicates) {
    ObjectReader[] readers =
        TREE_READERS.computeIfAbsent(
            mapper,
            m -> {
              ObjectReader lax =
                  m.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
              return new ObjectReader[] {
                lax, lax.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              };
            });
    return readers[strictDuplicates ? 1 : 0];
  }

  /** An optional body (DELETE options): null when empty. */
  public @Nullable JsonNode readOptionalJson() {
    byte[] body = readBody();
    if (body.length == 0) {
      return null;
    }
    try {
      return treeReader(json, false).readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the request body is not valid JSON");
    }
  }

  private byte[] readBody() {
    bodyRead = true;
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        closeAfterAnswer(); // the rest of the body is not read
        throw new ApiException(
            413, "RequestEntityTooLarge", "the request body is larger than " + MAX_BODY + " bytes");
      }
      return body;
    } catch (IOException e) {
      closeAfterAnswer();
      throw unreadableBody(e);
    }
  }

  /**
   * Why a body could not be read, told apart because the client's next step differs: a body that
   * did not arrive in time (408), a body that breaks HTTP's framing (400), or a connection that
   * closed under the request, as it does while the server stops (503: sending it again is safe,
   * nothing was written).
   */
  private static ApiException unreadableBody(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException) {
        return new ApiException(408, "Timeout", "the request body did not arrive in time");
      }
      if (t instanceof org.eclipse.jetty.http.HttpException) {
        return ApiException.badRequest("cannot read the request body: " + t.getMessage());
      }
    }
    return new ApiException(
        503,
        "ServiceUnavailable",
        "the connection closed while the request body was read; send the request again");
  }

  public void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  public void addHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  public void sendJson(int code, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    send(code, "application/json", bytes);
  }

  public void sendBytes(int code, String contentType, byte[] body) throws IOException {
    send(code, contentType, body);
  }

  public void sendText(int code, String contentType, String body) throws IOException {
    send(code, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads and drops a request body that the answer did not need (a 403 or 404 given before it was
   * read). Otherwise Jetty closes the connection after the answer without saying so, and a client
   * that keeps connections alive loses its next request on it. A body too large to drain gets
   * {@code Connection: close} on the answer instead.
   */
  private void discardUnreadBody() {
    if (bodyRead
        || !(request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
            || request.getLength() > 0)) {
      return;
    }
    bodyRead = true;
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > MAX_BODY) {
          closeAfterAnswer();
          return;
        }
      }
    } catch (IOException e) {
      closeAfterAnswer();
    }
  }

  private void closeAfterAnswer() {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  private void send(int code, String contentType, byte[] bytes) throws IOException {
    discardUnreadBody();
    status = code;
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(bytes);
    }
  }

  /** Starts a streamed (chunked) answer; the caller writes and flushes, then closes. */
  public OutputStream startStream(int code, String contentType) {
    discardUnreadBody();
    status = code;
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
    return Content.Sink.asOutputStream(response);
  }

  public ObjectMapper json() {
    return json;
  }
}
