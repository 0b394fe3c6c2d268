package io.exordos.s3aas.emulator.rustfs;

import org.jspecify.annotations.Nullable;

/**
 * CopyObject, and the source side of UploadPartCopy: the x-amz-copy-source header, its conditions
 * and SSE-C key, the metadata and tagging directives, and the rules for copying onto itself.
 */
final class CopyApi {
  /** A readable copy source: where it is and its bytes. */
  static final class Source {
    private final String bucket;
    private final String key;
    private final NodeStore.StoredObject obj;
    private final byte[] data;

    Source(String bucket, String key, NodeStore.StoredObject obj, byte[] data) {
      this.bucket = bucket;
      this.key = key;
      this.obj = obj;
      this.data = data;
    }

    String bucket() {
      return bucket;
    }

    String key() {
      return key;
    }

    NodeStore.StoredObject obj() {
      return obj;
    }

    byte[] data() {
      return data;
    }
  }

  private final S3Context ctx;
  private final ObjectApi objects;

  CopyApi(S3Context ctx, ObjectApi objects) {
    this.ctx = ctx;
    this.objects = objects;
  }

  Reply copy(S3Api.Request r, String bucket, String key) {
    ObjectApi.checkKey(bucket, key);
    HttpRequestView http = r.http();
    Source src = source(ctx, r);
    String metadataDirective = directive(http, "x-amz-metadata-directive");
    String taggingDirective = directive(http, "x-amz-tagging-directive");
    boolean sameObject =
        src.bucket().equals(bucket)
            && src.key().equals(key)
            && http.queryParam("versionId").isEmpty();
    if (sameObject
        && metadataDirective.equals("COPY")
        && http.header("x-amz-server-side-encryption").isEmpty()
        && http.header("x-amz-server-side-encryption-customer-algorithm").isEmpty()
        && http.header("x-amz-storage-class").isEmpty()
        && http.header("x-amz-website-redirect-location").isEmpty()) {
      throw S3Exception.invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without "
              + "changing the object's metadata, storage class, website redirect location or "
              + "encryption attributes.");
    }
    NodeStore.StoredObject obj;
    if (metadataDirective.equals("REPLACE")) {
      obj = ObjectHeaders.settings(r);
    } else {
      obj = src.obj().settingsCopy();
      obj.owner = r.caller().accessKey() == null ? "" : r.caller().accessKey();
    }
    obj.tags =
        taggingDirective.equals("REPLACE")
            ? Tags.fromHeader(http.header("x-amz-tagging").orElse(null))
            : new java.util.LinkedHashMap<>(src.obj().tags);
    // Encryption and lock are the destination's own, from this request or the bucket.
    obj.sse = null;
    obj.kmsKeyId = null;
    obj.sseCustomerKeyMd5 = null;
    obj.lockMode = null;
    obj.retainUntil = null;
    obj.legalHold = false;
    obj.etag = src.obj().etag;
    obj.partsCount = src.obj().partsCount;
    Reply stored = objects.commit(r, bucket, key, obj, src.data());
    Xml x =
        new Xml()
            .root("CopyObjectResult")
            .el("LastModified", obj.lastModified)
            .el("ETag", "\"" + obj.etag + "\"")
            .close("CopyObjectResult");
    Reply reply = Reply.xml(x);
    stored.headers.forEach(
        (h, v) -> {
          if (!h.equals("ETag")) {
            reply.header(h, v);
          }
        });
    return reply.header("x-amz-copy-source-version-id", src.obj().versionId);
  }

  /**
   * The object x-amz-copy-source names, checked: the caller may read it, its conditions hold and
   * its SSE-C key (x-amz-copy-source-server-side-encryption-customer-*) is given when needed.
   */
  static Source source(S3Context ctx, S3Api.Request r) {
    String raw = r.http().header("x-amz-copy-source").orElse("");
    String versionId = null;
    int q = raw.indexOf("?versionId=");
    if (q >= 0) {
      versionId = raw.substring(q + "?versionId=".length());
      raw = raw.substring(0, q);
    }
    String path = HttpRequestView.percentDecode(raw, false);
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw S3Exception.invalidArgument(
          "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
    String bucket = path.substring(0, slash);
    String key = path.substring(slash + 1);
    ctx.access.authorize(r.caller(), "s3:GetObject", bucket, key, r.http().headers());
    synchronized (ctx.store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      NodeStore.StoredObject obj = ObjectApi.find(b, bucket, key, emptyToNull(versionId));
      if (obj.deleteMarker) {
        if (versionId != null) {
          throw S3Exception.invalidRequest(
              "The source of a copy request may not specifically refer to a delete marker by version id.");
        }
        throw S3Exception.noSuchKey(bucket, key);
      }
      Sse.checkRead(r.http(), obj, "x-amz-copy-source-");
      Preconditions.notModified(r.http(), obj, "x-amz-copy-source-", ctx.clock.instant());
      return new Source(bucket, key, obj, ctx.store.readData(obj));
    }
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String directive(HttpRequestView http, String header) {
    String d = http.header(header).orElse("COPY");
    if (!d.equals("COPY") && !d.equals("REPLACE")) {
      throw S3Exception.invalidArgument("Unknown " + header + " " + d);
    }
    return d;
  }
}
