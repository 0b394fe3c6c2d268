package io.exordos.s3aas.emulator.rustfs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-object (per-version) settings: tags, ACL (RustFS's fixed one), retention and legal hold. */
final class ObjectConfigApi {
  private static final Map<String, String> NAMES =
      Map.of(
          "tagging", "Tagging", "acl", "Acl", "retention", "Retention", "legal-hold", "LegalHold");

  private final S3Context ctx;
  private final NodeStore store;

  ObjectConfigApi(S3Context ctx) {
    this.ctx = ctx;
    this.store = ctx.store;
  }

  /** The object subresource a request names ("" for none). */
  static String subresource(HttpRequestView req) {
    for (String q : req.query().keySet()) {
      if (NAMES.containsKey(q)) {
        return q;
      }
    }
    return "";
  }

  /** The IAM action of a call, e.g. s3:PutObjectTagging. */
  static String action(String verb, String sub) {
    return "s3:" + verb + "Object" + NAMES.getOrDefault(sub, sub);
  }

  Reply put(S3Api.Request r, String bucket, String key, String sub) {
    String versionId = ObjectApi.versionId(r);
    Map<String, String> tags = sub.equals("tagging") ? Tags.parse(r.payload(), 10) : Map.of();
    Reply reply;
    NodeStore.StoredObject obj;
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      obj = live(b, bucket, key, versionId);
      reply =
          switch (sub) {
            case "tagging" -> {
              obj.tags = new LinkedHashMap<>(tags);
              yield Reply.ok();
            }
            case "acl" -> {
              Acl.checkPut(r.payload());
              yield Reply.ok();
            }
            case "retention" -> ObjectLock.putRetention(ctx, r, b, obj);
            default -> ObjectLock.putLegalHold(r, b, obj);
          };
      store.save();
    }
    return reply.header("x-amz-version-id", obj.versionId);
  }

  Reply get(S3Api.Request r, String bucket, String key, String sub) {
    String versionId = ObjectApi.versionId(r);
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(bucket);
      NodeStore.StoredObject obj = live(b, bucket, key, versionId);
      Reply reply =
          switch (sub) {
            case "tagging" -> Reply.xml(Tags.document(obj.tags));
            case "acl" -> Acl.document();
            case "retention" -> ObjectLock.getRetention(b, obj);
            default -> ObjectLock.getLegalHold(b, obj);
          };
      return reply.header("x-amz-version-id", obj.versionId);
    }
  }

  Reply deleteTags(S3Api.Request r, String bucket, String key) {
    String versionId = ObjectApi.versionId(r);
    synchronized (store) {
      NodeStore.StoredObject obj = live(ctx.bucket(bucket), bucket, key, versionId);
      obj.tags = new LinkedHashMap<>();
      store.save();
      return Reply.noContent().header("x-amz-version-id", obj.versionId);
    }
  }

  /** The version to configure; a delete marker has no settings (NoSuchKey / MethodNotAllowed). */
  private static NodeStore.StoredObject live(
      NodeStore.Bucket b,
      String bucket,
      String key,
      @org.jspecify.annotations.Nullable String versionId) {
    NodeStore.StoredObject obj = ObjectApi.find(b, bucket, key, versionId);
    if (obj.deleteMarker) {
      throw versionId == null
          ? S3Exception.noSuchKey(bucket, key)
          : new S3Exception(
                  405,
                  "MethodNotAllowed",
                  "The specified method is not allowed against this resource.")
              .on(bucket, key);
    }
    return obj;
  }
}
