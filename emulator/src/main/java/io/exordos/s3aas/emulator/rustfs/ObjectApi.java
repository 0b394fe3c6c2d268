package io.exordos.s3aas.emulator.rustfs;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * Objects: PUT, GET, HEAD, DELETE and DeleteObjects, with versions (see {@link Versions}). {@link
 * #commit} is the one way a new object version is stored, shared with copy, multipart completion
 * and form uploads.
 */
final class ObjectApi {
  private static final Pattern VERSION_ID =
      Pattern.compile("null|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final S3Context ctx;
  private final NodeStore store;

  ObjectApi(S3Context ctx) {
    this.ctx = ctx;
    this.store = ctx.store;
  }

  Reply put(S3Api.Request r, String bucket, String key) {
    checkKey(bucket, key);
    synchronized (store) {
      ctx.bucket(bucket);
    }
    byte[] data = r.payload();
    String md5 = S3Context.base64Md5(data);
    String sent = r.http().header("content-md5").orElse(null);
    if (sent != null) {
      checkMd5(sent, md5, bucket, key);
    }
    NodeStore.StoredObject obj = ObjectHeaders.settings(r);
    obj.etag = S3Context.hexMd5(data);
    return commit(r, bucket, key, obj, data);
  }

  /**
   * Stores {@code obj} with {@code data} as the newest version of {@code key}: quota, SSE, object
   * lock, public access block and write conditions are checked here. Answers with ETag, version id
   * and SSE headers.
   */
  Reply commit(
      S3Api.Request r, String bucket, String key, NodeStore.StoredObject obj, byte[] data) {
    return commit(r, bucket, key, obj, data, true);
  }

  /** {@code requestSettings} false: SSE and lock were settled earlier (multipart creation). */
  Reply commit(
      S3Api.Request r,
      String bucket,
      String key,
      NodeStore.StoredObject obj,
      byte[] data,
      boolean requestSettings) {
    obj.size = data.length;
    obj.lastModified = ctx.now();
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      if (requestSettings) {
        Sse.applyOnWrite(b, r.http(), obj);
        ObjectLock.applyOnWrite(b, r.http(), obj, ctx.clock.instant());
      }
      NodeStore.StoredObject current = b.objects.get(key);
      Preconditions.checkWrite(
          r.http(), current == null || current.deleteMarker ? null : current, bucket, key);
      long replaced = b.versioning == null && current != null ? current.size : 0;
      if (b.quota != null && b.quota > 0 && b.usedBytes() - replaced + data.length > b.quota) {
        throw new S3Exception(400, "XRustFSAdminBucketQuotaExceeded", "Bucket quota exceeded")
            .on(bucket, key);
      }
      store.writeData(obj, data);
      Versions.put(b, key, obj).forEach(store::deleteData);
      store.save();
    }
    Reply reply =
        Reply.ok()
            .header("ETag", "\"" + obj.etag + "\"")
            .header("x-amz-version-id", Versions.NULL.equals(obj.versionId) ? null : obj.versionId);
    Sse.echo(obj, reply);
    return reply;
  }

  Reply get(S3Api.Request r, String bucket, String key, boolean head) {
    String versionId = versionId(r);
    NodeStore.StoredObject obj;
    byte[] data;
    synchronized (store) {
      obj = find(ctx.bucket(bucket), bucket, key, versionId);
      if (obj.deleteMarker) {
        S3Exception e =
            versionId == null
                ? S3Exception.noSuchKey(bucket, key)
                : new S3Exception(
                        405,
                        "MethodNotAllowed",
                        "The specified method is not allowed against this resource.")
                    .on(bucket, key);
        throw e.header("x-amz-delete-marker", "true")
            .header("x-amz-version-id", Versions.idOf(obj))
            .header("Last-Modified", HttpDates.http(Instant.parse(obj.lastModified)));
      }
      Sse.checkRead(r.http(), obj, "");
      if (Preconditions.notModified(r.http(), obj, "", ctx.clock.instant())) {
        return new Reply(304, null)
            .header("ETag", "\"" + obj.etag + "\"")
            .header("Last-Modified", HttpDates.http(Instant.parse(obj.lastModified)));
      }
      data = head ? null : store.readData(obj);
    }
    long[] range =
        r.http().hasQuery("partNumber")
            ? partRange(r, obj, bucket, key)
            : range(r.http().header("range").orElse(null), obj.size, bucket, key);
    boolean partial = range != null;
    long start = range != null ? range[0] : 0;
    long end = range != null ? range[1] : obj.size - 1;
    byte[] body =
        data == null ? null : partial ? Arrays.copyOfRange(data, (int) start, (int) end + 1) : data;
    Reply reply = new Reply(partial ? 206 : 200, body);
    reply.headLength = obj.size == 0 ? 0 : end - start + 1;
    ObjectHeaders.write(r, obj, reply);
    if (partial) {
      reply.header("Content-Range", "bytes " + start + "-" + end + "/" + obj.size);
    }
    return reply;
  }

  Reply delete(S3Api.Request r, String bucket, String key) {
    return delete(r, bucket, key, versionId(r));
  }

  private Reply delete(S3Api.Request r, String bucket, String key, @Nullable String versionId) {
    Reply reply = Reply.noContent();
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      if (versionId != null) {
        NodeStore.StoredObject found = Versions.find(b, key, versionId);
        if (found != null) {
          ObjectLock.checkDeletable(found, r.http(), ctx.clock.instant());
          Versions.remove(b, key, versionId);
          store.deleteData(found);
          reply.header("x-amz-delete-marker", found.deleteMarker ? "true" : null);
        }
        reply.header("x-amz-version-id", versionId);
      } else if (b.versioning == null) {
        store.deleteData(b.objects.remove(key));
      } else {
        NodeStore.StoredObject marker = new NodeStore.StoredObject();
        marker.deleteMarker = true;
        marker.lastModified = ctx.now();
        marker.owner = r.caller().accessKey() == null ? "" : r.caller().accessKey();
        Versions.put(b, key, marker).forEach(store::deleteData);
        reply
            .header("x-amz-delete-marker", "true")
            .header("x-amz-version-id", Versions.idOf(marker));
      }
      store.save();
    }
    return reply;
  }

  Reply deleteObjects(S3Api.Request r, String bucket) {
    if (r.http().header("content-md5").isEmpty()
        && r.http().headers().keySet().stream().noneMatch(h -> h.startsWith("x-amz-checksum-"))) {
      throw S3Exception.invalidRequest(
          "Missing required header for this request: Content-Md5 or a checksum header");
    }
    byte[] body = r.payload();
    String sent = r.http().header("content-md5").orElse(null);
    if (sent != null) {
      checkMd5(sent, S3Context.base64Md5(body), bucket, null);
    }
    Element root = Xml.parse(body, "Delete");
    boolean quiet = "true".equalsIgnoreCase(Xml.text(root, "Quiet"));
    List<Element> objects = Xml.children(root, "Object");
    if (objects.isEmpty() || objects.size() > 1000) {
      throw S3Exception.malformedXml();
    }
    synchronized (store) {
      ctx.bucket(bucket);
    }
    Xml x = new Xml().root("DeleteResult");
    for (Element o : objects) {
      // Keys are exact byte strings: " a" is not "a".
      String key = Xml.exactText(o, "Key");
      String versionId = Xml.text(o, "VersionId");
      if (key == null || (versionId != null && !VERSION_ID.matcher(versionId).matches())) {
        throw S3Exception.malformedXml();
      }
      try {
        ctx.access.authorize(r.caller(), "s3:DeleteObject", bucket, key);
        Reply one = delete(r, bucket, key, versionId);
        if (!quiet) {
          boolean marker = "true".equals(one.headers.get("x-amz-delete-marker"));
          x.open("Deleted").el("Key", key).el("VersionId", versionId);
          if (marker) {
            x.el("DeleteMarker", true);
            x.el("DeleteMarkerVersionId", one.headers.get("x-amz-version-id"));
          }
          x.close("Deleted");
        }
      } catch (S3Exception e) {
        x.open("Error")
            .el("Key", key)
            .el("VersionId", versionId)
            .el("Code", e.code())
            .el("Message", e.getMessage())
            .close("Error");
      }
    }
    return Reply.xml(x.close("DeleteResult"));
  }

  /** The version a request names ({@code versionId}), null for the latest. */
  static @Nullable String versionId(S3Api.Request r) {
    String v = r.http().queryParam("versionId").orElse(null);
    if (v != null && !VERSION_ID.matcher(v).matches()) {
      throw S3Exception.invalidArgument("Invalid version id specified");
    }
    return v == null || v.isEmpty() ? null : v;
  }

  /** The object (or version) in a bucket; NoSuchKey / NoSuchVersion. Callers hold the lock. */
  static NodeStore.StoredObject find(
      NodeStore.Bucket b, String bucket, String key, @Nullable String versionId) {
    NodeStore.StoredObject obj = Versions.find(b, key, versionId);
    if (obj == null) {
      throw versionId == null
          ? S3Exception.noSuchKey(bucket, key)
          : new S3Exception(404, "NoSuchVersion", "The specified version does not exist.")
              .on(bucket, key);
    }
    return obj;
  }

  static void checkKey(String bucket, String key) {
    if (key.length() > 1024) {
      throw new S3Exception(400, "KeyTooLongError", "Your key is too long").on(bucket, key);
    }
  }

  private static void checkMd5(String sent, String actual, String bucket, @Nullable String key) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(sent);
    } catch (IllegalArgumentException e) {
      decoded = new byte[0];
    }
    if (decoded.length != 16) {
      throw new S3Exception(400, "InvalidDigest", "The Content-MD5 you specified was invalid.")
          .on(bucket, key);
    }
    if (!sent.equals(actual)) {
      throw new S3Exception(
              400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
          .on(bucket, key);
    }
  }

  /** A satisfiable single byte range {start, end} of a Range header; null for the whole object. */
  private static long @Nullable [] range(
      @Nullable String header, long size, String bucket, String key) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    long start;
    long end = size - 1;
    try {
      if (dash == 0) {
        long suffix = Long.parseLong(spec.substring(1));
        if (suffix == 0) {
          throw unsatisfiable(bucket, key);
        }
        start = Math.max(0, size - suffix);
      } else {
        start = Long.parseLong(spec.substring(0, dash));
        if (dash < spec.length() - 1) {
          long last = Long.parseLong(spec.substring(dash + 1));
          if (last < start) {
            return null; // an invalid range is ignored, as HTTP says
          }
          end = Math.min(end, last);
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    if (start >= size) {
      throw unsatisfiable(bucket, key);
    }
    return new long[] {start, end};
  }

  /** The bytes of part {@code partNumber} of a multipart object (part 1 is all of any other). */
  private static long @Nullable [] partRange(
      S3Api.Request r, NodeStore.StoredObject obj, String bucket, String key) {
    int n;
    try {
      n = Integer.parseInt(r.http().queryParam("partNumber").orElse(""));
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000");
    }
    int parts = obj.partSizes.isEmpty() ? 1 : obj.partSizes.size();
    if (n < 1 || n > parts) {
      throw new S3Exception(400, "InvalidPart", "The requested partnumber is not satisfiable")
          .on(bucket, key);
    }
    if (obj.partSizes.isEmpty()) {
      return obj.size == 0 ? null : new long[] {0, obj.size - 1};
    }
    long start = 0;
    for (int i = 0; i < n - 1; i++) {
      start += obj.partSizes.get(i);
    }
    return new long[] {start, start + obj.partSizes.get(n - 1) - 1};
  }

  private static S3Exception unsatisfiable(String bucket, String key) {
    return new S3Exception(416, "InvalidRange", "The requested range is not satisfiable")
        .on(bucket, key);
  }
}
