package io.exordos.s3aas.emulator.rustfs;

import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The S3 API of a node, path-style only: routing of a request to an operation and the IAM action it
 * needs. The operations live in one class per S3 concern: {@link BucketApi}, {@link
 * BucketConfigApi}, {@link ListingApi}, {@link ObjectApi}, {@link ObjectConfigApi}, {@link
 * CopyApi}, {@link MultipartApi}, {@link PostUploadApi}; {@link Access} decides who may call them.
 */
final class S3Api {
  /** One routed request: its counter kind, the IAM action and resource it needs, and the work. */
  record Op(
      String kind,
      @Nullable String bucket,
      @Nullable String key,
      @Nullable String action, // null: checked inside (per object) or not an authorized call
      Function<Request, Reply> run) {}

  /** What an operation gets to work with once the caller is known. */
  record Request(HttpRequestView http, SigV4.@Nullable Verified auth, Caller caller) {
    byte[] payload() {
      return PayloadDecoder.decode(http, auth);
    }
  }

  /** Subresources this emulator does not serve; they get NotImplemented, not a wrong answer. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "website",
          "replication",
          "notification",
          "logging",
          "requestPayment",
          "accelerate",
          "analytics",
          "inventory",
          "metrics",
          "ownershipControls",
          "intelligent-tiering",
          "restore",
          "select",
          "torrent",
          "attributes");

  private final Access access;
  private final BucketApi buckets;
  private final BucketConfigApi bucketConfig;
  private final ListingApi listing;
  private final ObjectApi objects;
  private final ObjectConfigApi objectConfig;
  private final CopyApi copy;
  private final MultipartApi multipart;
  private final PostUploadApi postUpload;

  S3Api(
      NodeStore store,
      String region,
      String rootUser,
      Clock clock,
      PostUploadApi.SecretLookup secrets) {
    S3Context ctx = new S3Context(store, region, rootUser, clock);
    this.access = ctx.access;
    this.buckets = new BucketApi(ctx);
    this.bucketConfig = new BucketConfigApi(ctx);
    this.listing = new ListingApi(ctx);
    this.objects = new ObjectApi(ctx);
    this.objectConfig = new ObjectConfigApi(ctx);
    this.copy = new CopyApi(ctx, objects);
    this.multipart = new MultipartApi(ctx, objects);
    this.postUpload = new PostUploadApi(ctx, objects, secrets);
  }

  /** Throws AccessDenied unless the caller may do {@code action} on the bucket/key. */
  void authorize(
      Caller caller,
      @Nullable String action,
      @Nullable String bucket,
      @Nullable String key,
      HttpRequestView http) {
    access.authorize(caller, action, bucket, key, http.headers());
  }

  /** Adds the bucket's CORS headers to any answer (errors too) to a request with an Origin. */
  Reply decorate(HttpRequestView req, Reply reply) {
    String path = req.path();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    return bucketConfig.withCors(req, slash < 0 ? rest : rest.substring(0, slash), reply);
  }

  Op route(HttpRequestView req) {
    String path = req.path();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    for (String q : req.query().keySet()) {
      if (UNSUPPORTED.contains(q)) {
        return unsupported(bucket, key);
      }
    }
    if (bucket.isEmpty()) {
      if (req.method().equals("GET")) {
        return new Op("ListBuckets", null, null, "s3:ListAllMyBuckets", buckets::list);
      }
      return unsupported(bucket, key);
    }
    if (!BucketApi.addressable(bucket)) {
      throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.")
          .on(bucket, null);
    }
    if (req.method().equals("OPTIONS")) {
      return new Op("Preflight", bucket, key, null, r -> bucketConfig.preflight(r, bucket));
    }
    Op op = key.isEmpty() ? bucketOp(req, bucket) : objectOp(req, bucket, key);
    if (op == null) {
      return unsupported(bucket, key);
    }
    // x-amz-expected-bucket-owner is not checked: RustFS reads it into the request but never
    // compares it (it has one fixed owner, Acl.OWNER_ID).
    return op;
  }

  private @Nullable Op bucketOp(HttpRequestView req, String b) {
    String sub = BucketConfigApi.subresource(req);
    return switch (req.method()) {
      case "PUT" ->
          switch (sub) {
            case "versioning" ->
                on(
                    "PutBucketVersioning",
                    b,
                    "s3:PutBucketVersioning",
                    r -> buckets.putVersioning(r, b));
            case "encryption" ->
                on(
                    "PutBucketEncryption",
                    b,
                    "s3:PutEncryptionConfiguration",
                    r -> buckets.putEncryption(r, b));
            case "policy" ->
                on("PutBucketPolicy", b, "s3:PutBucketPolicy", r -> buckets.putPolicy(r, b));
            case "" -> on("CreateBucket", b, "s3:CreateBucket", r -> buckets.create(r, b));
            default ->
                on(
                    BucketConfigApi.kind("Put", sub),
                    b,
                    BucketConfigApi.action("Put", sub),
                    r -> bucketConfig.put(r, b, sub));
          };
      case "GET" ->
          switch (sub) {
            case "versioning" ->
                on(
                    "GetBucketVersioning",
                    b,
                    "s3:GetBucketVersioning",
                    r -> buckets.getVersioning(b));
            case "encryption" ->
                on(
                    "GetBucketEncryption",
                    b,
                    "s3:GetEncryptionConfiguration",
                    r -> buckets.getEncryption(b));
            case "policy" ->
                on("GetBucketPolicy", b, "s3:GetBucketPolicy", r -> buckets.getPolicy(b));
            case "location" ->
                on("GetBucketLocation", b, "s3:GetBucketLocation", r -> buckets.getLocation(b));
            case "versions" ->
                on(
                    "ListObjectVersions",
                    b,
                    "s3:ListBucketVersions",
                    r -> listing.listVersions(r, b));
            case "uploads" ->
                on(
                    "ListMultipartUploads",
                    b,
                    "s3:ListBucketMultipartUploads",
                    r -> multipart.listUploads(r, b));
            case "" -> {
              boolean v2 = req.queryParam("list-type").map("2"::equals).orElse(false);
              yield on(
                  v2 ? "ListObjectsV2" : "ListObjects",
                  b,
                  "s3:ListBucket",
                  r -> listing.listObjects(r, b, v2));
            }
            default ->
                on(
                    BucketConfigApi.kind("Get", sub),
                    b,
                    BucketConfigApi.action("Get", sub),
                    r -> bucketConfig.get(r, b, sub));
          };
      case "DELETE" ->
          switch (sub) {
            case "encryption" ->
                on(
                    "DeleteBucketEncryption",
                    b,
                    "s3:PutEncryptionConfiguration",
                    r -> buckets.deleteEncryption(b));
            case "policy" ->
                on("DeleteBucketPolicy", b, "s3:DeleteBucketPolicy", r -> buckets.deletePolicy(b));
            case "" -> on("DeleteBucket", b, "s3:DeleteBucket", r -> buckets.delete(b));
            default ->
                on(
                    BucketConfigApi.kind("Delete", sub),
                    b,
                    BucketConfigApi.action("Put", sub),
                    r -> bucketConfig.delete(b, sub));
          };
      case "HEAD" -> on("HeadBucket", b, "s3:ListBucket", r -> buckets.head(b));
      case "POST" -> {
        if (req.hasQuery("delete")) {
          // Checked per key inside, as S3 reports AccessDenied per object in the result.
          yield on("DeleteObjects", b, null, r -> objects.deleteObjects(r, b));
        }
        // A browser form upload: the signed policy in the form authorizes it.
        yield req.query().isEmpty()
            ? on("PostObject", b, null, r -> postUpload.upload(r, b))
            : null;
      }
      default -> null;
    };
  }

  private @Nullable Op objectOp(HttpRequestView req, String b, String k) {
    boolean upload = req.hasQuery("uploadId");
    boolean copySource = req.header("x-amz-copy-source").isPresent();
    String sub = ObjectConfigApi.subresource(req);
    return switch (req.method()) {
      case "PUT" -> {
        if (upload && req.hasQuery("partNumber")) {
          yield copySource
              ? new Op(
                  "UploadPartCopy", b, k, "s3:PutObject", r -> multipart.uploadPartCopy(r, b, k))
              : new Op("UploadPart", b, k, "s3:PutObject", r -> multipart.uploadPart(r, b, k));
        }
        if (!sub.isEmpty()) {
          yield new Op(
              ObjectConfigApi.action("Put", sub).substring(3),
              b,
              k,
              ObjectConfigApi.action("Put", sub),
              r -> objectConfig.put(r, b, k, sub));
        }
        yield copySource
            ? new Op("CopyObject", b, k, "s3:PutObject", r -> copy.copy(r, b, k))
            : new Op("PutObject", b, k, "s3:PutObject", r -> objects.put(r, b, k));
      }
      case "GET" -> {
        if (upload) {
          yield new Op(
              "ListParts", b, k, "s3:ListMultipartUploadParts", r -> multipart.listParts(r, b, k));
        }
        if (!sub.isEmpty()) {
          yield new Op(
              ObjectConfigApi.action("Get", sub).substring(3),
              b,
              k,
              ObjectConfigApi.action("Get", sub),
              r -> objectConfig.get(r, b, k, sub));
        }
        yield new Op("GetObject", b, k, "s3:GetObject", r -> objects.get(r, b, k, false));
      }
      case "HEAD" -> new Op("HeadObject", b, k, "s3:GetObject", r -> objects.get(r, b, k, true));
      case "DELETE" -> {
        if (upload) {
          yield new Op(
              "AbortMultipartUpload",
              b,
              k,
              "s3:AbortMultipartUpload",
              r -> multipart.abort(r, b, k));
        }
        if (sub.equals("tagging")) {
          yield new Op(
              "DeleteObjectTagging",
              b,
              k,
              "s3:DeleteObjectTagging",
              r -> objectConfig.deleteTags(r, b, k));
        }
        yield new Op("DeleteObject", b, k, "s3:DeleteObject", r -> objects.delete(r, b, k));
      }
      case "POST" -> {
        if (req.hasQuery("uploads")) {
          yield new Op(
              "CreateMultipartUpload", b, k, "s3:PutObject", r -> multipart.create(r, b, k));
        }
        yield upload
            ? new Op(
                "CompleteMultipartUpload", b, k, "s3:PutObject", r -> multipart.complete(r, b, k))
            : null;
      }
      default -> null;
    };
  }

  /** An operation on the bucket itself: there is no key, so IAM checks the bucket's ARN. */
  private static Op on(
      String kind, String bucket, @Nullable String action, Function<Request, Reply> run) {
    return new Op(kind, bucket, null, action, run);
  }

  private static Op unsupported(String bucket, @Nullable String key) {
    return new Op(
        "Unsupported",
        bucket,
        key,
        null,
        r -> {
          throw S3Exception.notImplemented();
        });
  }
}
