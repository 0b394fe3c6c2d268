package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An object's HTTP headers: the ones a write stores, and the ones GET and HEAD answer with. */
final class ObjectHeaders {
  /** System headers S3 stores with an object and returns on GET/HEAD. */
  static final List<String> STORED =
      List.of(
          "cache-control",
          "content-disposition",
          "content-encoding",
          "content-language",
          "expires",
          "x-amz-website-redirect-location");

  /** GET query parameters that override a response header. */
  private static final Map<String, String> OVERRIDES =
      Map.of(
          "response-content-type", "Content-Type",
          "response-content-language", "Content-Language",
          "response-expires", "Expires",
          "response-cache-control", "Cache-Control",
          "response-content-disposition", "Content-Disposition",
          "response-content-encoding", "Content-Encoding");

  private static final int MAX_METADATA = 2048;

  private ObjectHeaders() {}

  /** A new object's settings from a write request: type, metadata, tags, ACL, owner. */
  static NodeStore.StoredObject settings(S3Api.Request r) {
    HttpRequestView http = r.http();
    NodeStore.StoredObject obj = new NodeStore.StoredObject();
    obj.contentType = http.header("content-type").orElse("binary/octet-stream");
    obj.metadata = metadata(http);
    obj.tags = Tags.fromHeader(http.header("x-amz-tagging").orElse(null));
    obj.owner = r.caller().accessKey() == null ? "" : r.caller().accessKey();
    return obj;
  }

  /** x-amz-meta-* and the stored system headers of a request; MetadataTooLarge past 2 KB. */
  static Map<String, String> metadata(HttpRequestView http) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    int size = 0;
    for (Map.Entry<String, List<String>> h : http.headers().entrySet()) {
      String name = h.getKey();
      if (name.startsWith("x-amz-meta-") || STORED.contains(name)) {
        String value = String.join(",", h.getValue());
        if (name.equals("content-encoding")) {
          // aws-chunked describes the request's framing, not the object.
          value =
              java.util.Arrays.stream(value.split(",", -1))
                  .map(String::trim)
                  .filter(v -> !v.isEmpty() && !v.equals("aws-chunked"))
                  .collect(java.util.stream.Collectors.joining(", "));
          if (value.isEmpty()) {
            continue;
          }
        }
        m.put(name, value);
        if (name.startsWith("x-amz-meta-")) {
          size +=
              name.length()
                  - "x-amz-meta-".length()
                  + value.getBytes(StandardCharsets.UTF_8).length;
        }
      }
    }
    if (size > MAX_METADATA) {
      throw new S3Exception(
          400,
          "MetadataTooLarge",
          "Your metadata headers exceed the maximum allowed metadata size.");
    }
    return m;
  }

  /** The headers of a GET/HEAD answer, with the response-* overrides a signed GET may ask for. */
  static void write(S3Api.Request r, NodeStore.StoredObject obj, Reply reply) {
    reply
        .header("Content-Type", obj.contentType)
        .header("ETag", "\"" + obj.etag + "\"")
        .header("Last-Modified", HttpDates.http(Instant.parse(obj.lastModified)))
        .header("Accept-Ranges", "bytes")
        .header("x-amz-version-id", obj.versionId);
    obj.metadata.forEach(reply::header);
    if (!obj.tags.isEmpty()) {
      reply.header("x-amz-tagging-count", String.valueOf(obj.tags.size()));
    }
    if (obj.partsCount > 0) {
      reply.header("x-amz-mp-parts-count", String.valueOf(obj.partsCount));
    }
    Sse.echo(obj, reply);
    ObjectLock.echo(obj, reply);
    OVERRIDES.forEach(
        (param, header) -> r.http().queryParam(param).ifPresent(v -> reply.header(header, v)));
  }
}
