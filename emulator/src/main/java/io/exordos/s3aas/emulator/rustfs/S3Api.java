package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * The S3 API of a node, path-style only: routing of a request to an operation, IAM authorization of
 * that operation, and the operations themselves with the status codes and XML S3 uses.
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

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  /**
   * Subresources this emulator does not serve; they get NotImplemented instead of a wrong answer.
   */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "acl",
          "tagging",
          "lifecycle",
          "cors",
          "website",
          "replication",
          "notification",
          "logging",
          "uploads",
          "uploadId",
          "versions",
          "retention",
          "legal-hold",
          "requestPayment",
          "accelerate",
          "analytics",
          "inventory",
          "metrics",
          "ownershipControls",
          "publicAccessBlock",
          "intelligent-tiering",
          "object-lock-unsupported",
          "restore",
          "select",
          "torrent",
          "attributes");

  private final NodeStore store;
  private final String region;
  private final String rootUser;
  private final Clock clock;

  S3Api(NodeStore store, String region, String rootUser, Clock clock) {
    this.store = store;
    this.region = region;
    this.rootUser = rootUser;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- routing

  Op route(HttpRequestView req) {
    String path = req.path();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    String m = req.method();
    for (String q : req.query().keySet()) {
      if (UNSUPPORTED.contains(q)) {
        return unsupported(bucket, key);
      }
    }
    if (bucket.isEmpty()) {
      if (m.equals("GET")) {
        return new Op("ListBuckets", null, null, "s3:ListAllMyBuckets", r -> listBuckets());
      }
      return unsupported(bucket, key);
    }
    if (key.isEmpty()) {
      return bucketOp(req, m, bucket);
    }
    return switch (m) {
      case "PUT" ->
          req.header("x-amz-copy-source").isPresent()
              ? unsupported(bucket, key)
              : new Op("PutObject", bucket, key, "s3:PutObject", r -> putObject(r, bucket, key));
      case "GET" ->
          new Op("GetObject", bucket, key, "s3:GetObject", r -> getObject(r, bucket, key, false));
      case "HEAD" ->
          new Op("HeadObject", bucket, key, "s3:GetObject", r -> getObject(r, bucket, key, true));
      case "DELETE" ->
          new Op("DeleteObject", bucket, key, "s3:DeleteObject", r -> deleteObject(bucket, key));
      default -> unsupported(bucket, key);
    };
  }

  private Op bucketOp(HttpRequestView req, String m, String bucket) {
    boolean versioning = req.hasQuery("versioning");
    boolean encryption = req.hasQuery("encryption");
    boolean lock = req.hasQuery("object-lock");
    boolean policy = req.hasQuery("policy");
    switch (m) {
      case "PUT" -> {
        if (versioning) {
          return onBucket(
              "PutBucketVersioning",
              bucket,
              "s3:PutBucketVersioning",
              r -> putVersioning(r, bucket));
        }
        if (encryption) {
          return onBucket(
              "PutBucketEncryption",
              bucket,
              "s3:PutEncryptionConfiguration",
              r -> putEncryption(r, bucket));
        }
        if (lock) {
          return onBucket(
              "PutObjectLockConfiguration",
              bucket,
              "s3:PutBucketObjectLockConfiguration",
              r -> putObjectLock(r, bucket));
        }
        if (policy) {
          return onBucket(
              "PutBucketPolicy", bucket, "s3:PutBucketPolicy", r -> putPolicy(r, bucket));
        }
        if (req.query().isEmpty()) {
          return onBucket("CreateBucket", bucket, "s3:CreateBucket", r -> createBucket(r, bucket));
        }
      }
      case "GET" -> {
        if (versioning) {
          return onBucket(
              "GetBucketVersioning", bucket, "s3:GetBucketVersioning", r -> getVersioning(bucket));
        }
        if (encryption) {
          return onBucket(
              "GetBucketEncryption",
              bucket,
              "s3:GetEncryptionConfiguration",
              r -> getEncryption(bucket));
        }
        if (lock) {
          return onBucket(
              "GetObjectLockConfiguration",
              bucket,
              "s3:GetBucketObjectLockConfiguration",
              r -> getObjectLock(bucket));
        }
        if (policy) {
          return onBucket("GetBucketPolicy", bucket, "s3:GetBucketPolicy", r -> getPolicy(bucket));
        }
        if (req.hasQuery("location")) {
          return onBucket(
              "GetBucketLocation", bucket, "s3:GetBucketLocation", r -> getLocation(bucket));
        }
        boolean v2 = req.queryParam("list-type").map("2"::equals).orElse(false);
        return onBucket(
            v2 ? "ListObjectsV2" : "ListObjects",
            bucket,
            "s3:ListBucket",
            r -> listObjects(r, bucket, v2));
      }
      case "DELETE" -> {
        if (encryption) {
          return onBucket(
              "DeleteBucketEncryption",
              bucket,
              "s3:PutEncryptionConfiguration",
              r -> deleteEncryption(bucket));
        }
        if (policy) {
          return onBucket(
              "DeleteBucketPolicy", bucket, "s3:DeleteBucketPolicy", r -> deletePolicy(bucket));
        }
        if (req.query().isEmpty()) {
          return onBucket("DeleteBucket", bucket, "s3:DeleteBucket", r -> deleteBucket(bucket));
        }
      }
      case "HEAD" -> {
        return onBucket("HeadBucket", bucket, "s3:ListBucket", r -> headBucket(bucket));
      }
      case "POST" -> {
        if (req.hasQuery("delete")) {
          // Checked per key inside, as S3 reports AccessDenied per object in the result.
          return onBucket("DeleteObjects", bucket, null, r -> deleteObjects(r, bucket));
        }
      }
      default -> {}
    }
    return unsupported(bucket, null);
  }

  /** An operation on the bucket itself: there is no key, so IAM checks the bucket's ARN. */
  private static Op onBucket(
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

  // ---------------------------------------------------------------- authorization

  /** Throws AccessDenied unless the caller may do {@code action} on the bucket/key. */
  void authorize(
      Caller caller, @Nullable String action, @Nullable String bucket, @Nullable String key) {
    if (action == null || caller.root()) {
      return;
    }
    String resource =
        "arn:aws:s3:::"
            + (bucket == null ? "" : bucket)
            + (key == null || key.isEmpty() ? "" : "/" + key);
    Policies.Decision identity = Policies.Decision.NONE;
    Policies.Decision bucketPolicy = Policies.Decision.NONE;
    synchronized (store) {
      if (!caller.anonymous()) {
        NodeStore.User user = store.state().users.get(caller.accessKey());
        identity = Policies.evaluate(policyDocs(user), action, resource, false, null);
      }
      NodeStore.Bucket b = bucket == null ? null : store.state().buckets.get(bucket);
      if (b != null && b.policy != null) {
        try {
          bucketPolicy =
              Policies.evaluate(
                  List.of(Policies.JSON.readTree(b.policy)),
                  action,
                  resource,
                  true,
                  caller.accessKey());
        } catch (java.io.IOException e) {
          throw S3Exception.internal("stored bucket policy is unreadable");
        }
      }
    }
    if (identity == Policies.Decision.DENY || bucketPolicy == Policies.Decision.DENY) {
      throw S3Exception.accessDenied();
    }
    if (identity != Policies.Decision.ALLOW && bucketPolicy != Policies.Decision.ALLOW) {
      throw S3Exception.accessDenied();
    }
  }

  List<JsonNode> policyDocs(NodeStore.@Nullable User user) {
    List<JsonNode> docs = new ArrayList<>();
    if (user == null) {
      return docs;
    }
    for (String name : user.policies) {
      JsonNode doc =
          Policies.BUILT_IN.containsKey(name)
              ? Policies.BUILT_IN.get(name)
              : store.state().policies.get(name);
      if (doc != null) {
        docs.add(doc);
      }
    }
    return docs;
  }

  // ---------------------------------------------------------------- buckets

  private NodeStore.Bucket bucket(String name) {
    NodeStore.Bucket b = store.state().buckets.get(name);
    if (b == null) {
      throw S3Exception.noSuchBucket(name);
    }
    return b;
  }

  private Reply listBuckets() {
    Xml x = new Xml().root("ListAllMyBucketsResult");
    x.open("Owner").el("ID", ownerId()).el("DisplayName", rootUser).close("Owner").open("Buckets");
    synchronized (store) {
      store
          .state()
          .buckets
          .forEach(
              (name, b) ->
                  x.open("Bucket").el("Name", name).el("CreationDate", b.created).close("Bucket"));
    }
    return Reply.xml(x.close("Buckets").close("ListAllMyBucketsResult"));
  }

  private String ownerId() {
    return SigV4.sha256Hex(rootUser.getBytes(StandardCharsets.UTF_8));
  }

  private Reply createBucket(Request r, String name) {
    if (!BUCKET_NAME.matcher(name).matches()
        || IP_LIKE.matcher(name).matches()
        || name.contains("..")
        || name.contains(".-")
        || name.contains("-.")) {
      throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.")
          .on(name, null);
    }
    byte[] body = r.payload();
    if (body.length > 0) {
      Element cfg = Xml.parse(body, "CreateBucketConfiguration");
      String location = Xml.text(cfg, "LocationConstraint");
      if (location != null && !location.isEmpty() && !location.equals(region)) {
        throw new S3Exception(
                400,
                "IllegalLocationConstraintException",
                "The "
                    + location
                    + " location constraint is incompatible for the region specific endpoint this request was sent to.")
            .on(name, null);
      }
    }
    String lockHeader = r.http().header("x-amz-bucket-object-lock-enabled").orElse("false");
    if (!lockHeader.equalsIgnoreCase("true") && !lockHeader.equalsIgnoreCase("false")) {
      throw S3Exception.invalidArgument("x-amz-bucket-object-lock-enabled must be true or false");
    }
    synchronized (store) {
      NodeStore.Bucket existing = store.state().buckets.get(name);
      if (existing != null) {
        if (r.caller().root() || existing.owner.equals(r.caller().accessKey())) {
          throw new S3Exception(
                  409,
                  "BucketAlreadyOwnedByYou",
                  "Your previous request to create the named bucket succeeded and you already own it.")
              .on(name, null);
        }
        throw new S3Exception(
                409,
                "BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
                    + "Please select a different name and try again.")
            .on(name, null);
      }
      NodeStore.Bucket b = new NodeStore.Bucket();
      b.created = now();
      b.owner = Objects.requireNonNull(r.caller().accessKey(), "authorized callers are signed");
      b.objectLock = lockHeader.equalsIgnoreCase("true");
      if (b.objectLock) {
        // Object lock needs versioning; S3 turns it on with the lock.
        b.versioning = "Enabled";
      }
      store.state().buckets.put(name, b);
      store.save();
    }
    return Reply.ok().header("Location", "/" + name);
  }

  private Reply deleteBucket(String name) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (!b.objects.isEmpty()) {
        throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
            .on(name, null);
      }
      store.state().buckets.remove(name);
      store.save();
    }
    return Reply.noContent();
  }

  private Reply headBucket(String name) {
    synchronized (store) {
      bucket(name);
    }
    return Reply.ok().header("x-amz-bucket-region", region);
  }

  private Reply getLocation(String name) {
    synchronized (store) {
      bucket(name);
    }
    // S3 reports us-east-1 as an empty constraint.
    String body =
        Xml.HEADER
            + "<LocationConstraint xmlns=\""
            + Xml.NS
            + "\">"
            + (region.equals("us-east-1") ? "" : Xml.escape(region))
            + "</LocationConstraint>";
    return new Reply(200, body.getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/xml");
  }

  private Reply getVersioning(String name) {
    Xml x = new Xml().root("VersioningConfiguration");
    synchronized (store) {
      x.el("Status", bucket(name).versioning);
    }
    return Reply.xml(x.close("VersioningConfiguration"));
  }

  private Reply putVersioning(Request r, String name) {
    Element root = Xml.parse(r.payload(), "VersioningConfiguration");
    String status = Xml.text(root, "Status");
    if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
      throw S3Exception.malformedXml();
    }
    String mfa = Xml.text(root, "MfaDelete");
    if ("Enabled".equals(mfa)) {
      throw S3Exception.notImplemented();
    }
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (b.objectLock && "Suspended".equals(status)) {
        throw new S3Exception(
                409,
                "InvalidBucketState",
                "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
            .on(name, null);
      }
      b.versioning = status;
      store.save();
    }
    return Reply.ok();
  }

  private Reply getEncryption(String name) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (b.sseAlgorithm == null) {
        throw new S3Exception(
                404,
                "ServerSideEncryptionConfigurationNotFoundError",
                "The server side encryption configuration was not found")
            .on(name, null);
      }
      Xml x =
          new Xml()
              .root("ServerSideEncryptionConfiguration")
              .open("Rule")
              .open("ApplyServerSideEncryptionByDefault")
              .el("SSEAlgorithm", b.sseAlgorithm)
              .el("KMSMasterKeyID", b.kmsKeyId)
              .close("ApplyServerSideEncryptionByDefault")
              .close("Rule")
              .close("ServerSideEncryptionConfiguration");
      return Reply.xml(x);
    }
  }

  private Reply putEncryption(Request r, String name) {
    Element root = Xml.parse(r.payload(), "ServerSideEncryptionConfiguration");
    List<Element> rules = Xml.children(root, "Rule");
    if (rules.size() != 1) {
      throw S3Exception.malformedXml();
    }
    Element apply = Xml.child(rules.get(0), "ApplyServerSideEncryptionByDefault");
    String algorithm = Xml.text(apply, "SSEAlgorithm");
    String keyId = Xml.text(apply, "KMSMasterKeyID");
    if (algorithm == null) {
      throw S3Exception.malformedXml();
    }
    if (!algorithm.equals("AES256") && !algorithm.equals("aws:kms")) {
      throw new S3Exception(400, "MalformedXML", "Unknown SSE algorithm " + algorithm);
    }
    if (algorithm.equals("AES256") && keyId != null) {
      throw S3Exception.invalidArgument("a KMS key id is only allowed with aws:kms");
    }
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      b.sseAlgorithm = algorithm;
      b.kmsKeyId = keyId;
      store.save();
    }
    return Reply.ok();
  }

  private Reply deleteEncryption(String name) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      b.sseAlgorithm = null;
      b.kmsKeyId = null;
      store.save();
    }
    return Reply.noContent();
  }

  private Reply getObjectLock(String name) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (!b.objectLock) {
        throw new S3Exception(
                404,
                "ObjectLockConfigurationNotFoundError",
                "Object Lock configuration does not exist for this bucket")
            .on(name, null);
      }
      Xml x = new Xml().root("ObjectLockConfiguration").el("ObjectLockEnabled", "Enabled");
      if (b.lockMode != null) {
        x.open("Rule")
            .open("DefaultRetention")
            .el("Mode", b.lockMode)
            .el("Days", b.lockDays)
            .el("Years", b.lockYears)
            .close("DefaultRetention")
            .close("Rule");
      }
      return Reply.xml(x.close("ObjectLockConfiguration"));
    }
  }

  private Reply putObjectLock(Request r, String name) {
    Element root = Xml.parse(r.payload(), "ObjectLockConfiguration");
    if (!"Enabled".equals(Xml.text(root, "ObjectLockEnabled"))) {
      throw S3Exception.malformedXml();
    }
    String mode = null;
    Integer days = null;
    Integer years = null;
    Element rule = Xml.child(root, "Rule");
    if (rule != null) {
      Element retention = Xml.child(rule, "DefaultRetention");
      if (retention == null) {
        throw S3Exception.malformedXml();
      }
      mode = Xml.text(retention, "Mode");
      if (!"GOVERNANCE".equals(mode) && !"COMPLIANCE".equals(mode)) {
        throw S3Exception.malformedXml();
      }
      days = positive(Xml.text(retention, "Days"));
      years = positive(Xml.text(retention, "Years"));
      if ((days == null) == (years == null)) {
        throw S3Exception.malformedXml();
      }
    }
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (!b.objectLock) {
        // Object lock can only be configured on a bucket created with it.
        throw new S3Exception(
                409,
                "InvalidBucketState",
                "Object Lock configuration cannot be enabled on existing buckets")
            .on(name, null);
      }
      b.lockMode = mode;
      b.lockDays = days;
      b.lockYears = years;
      store.save();
    }
    return Reply.ok();
  }

  private static @Nullable Integer positive(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(text);
      if (n <= 0) {
        throw new S3Exception(
            400, "InvalidArgument", "Default retention period must be a positive integer value");
      }
      return n;
    } catch (NumberFormatException e) {
      throw S3Exception.malformedXml();
    }
  }

  private Reply getPolicy(String name) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      if (b.policy == null) {
        throw new S3Exception(404, "NoSuchBucketPolicy", "The bucket policy does not exist")
            .on(name, null);
      }
      return Reply.json(200, b.policy);
    }
  }

  private Reply putPolicy(Request r, String name) {
    byte[] body = r.payload();
    if (body.length > 20 * 1024) {
      throw new S3Exception(
          400, "PolicyTooLarge", "Policy exceeds the maximum allowed document size.");
    }
    Policies.parseBucketPolicy(body, name);
    synchronized (store) {
      bucket(name).policy = new String(body, StandardCharsets.UTF_8);
      store.save();
    }
    return Reply.noContent();
  }

  private Reply deletePolicy(String name) {
    synchronized (store) {
      bucket(name).policy = null;
      store.save();
    }
    return Reply.noContent();
  }

  // ---------------------------------------------------------------- listing

  private Reply listObjects(Request r, String name, boolean v2) {
    HttpRequestView q = r.http();
    String prefix = q.queryParam("prefix").orElse("");
    String delimiter = q.queryParam("delimiter").orElse("");
    boolean urlEncode =
        q.queryParam("encoding-type")
            .map(
                e -> {
                  if (!e.equals("url")) {
                    throw S3Exception.invalidArgument(
                        "Invalid Encoding Method specified in Request");
                  }
                  return true;
                })
            .orElse(false);
    int maxKeys;
    try {
      maxKeys = Math.min(1000, Integer.parseInt(q.queryParam("max-keys").orElse("1000")));
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range");
    }
    if (maxKeys < 0) {
      throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range");
    }
    String token = q.queryParam("continuation-token").orElse(null);
    String after;
    if (v2) {
      if (token != null) {
        try {
          after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw S3Exception.invalidArgument("The continuation token provided is incorrect");
        }
      } else {
        after = q.queryParam("start-after").orElse("");
      }
    } else {
      after = q.queryParam("marker").orElse("");
    }
    List<Map.Entry<String, NodeStore.StoredObject>> contents = new ArrayList<>();
    Set<String> prefixes = new LinkedHashSet<>();
    String last = null;
    boolean truncated = false;
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      for (Map.Entry<String, NodeStore.StoredObject> e : b.objects.entrySet()) {
        String k = e.getKey();
        if (k.compareTo(after) <= 0 || !k.startsWith(prefix)) {
          continue;
        }
        String common = null;
        if (!delimiter.isEmpty()) {
          int idx = k.indexOf(delimiter, prefix.length());
          if (idx >= 0) {
            common = k.substring(0, idx + delimiter.length());
          }
        }
        if (common != null && prefixes.contains(common)) {
          continue;
        }
        if (contents.size() + prefixes.size() >= maxKeys) {
          // max-keys=0 lists nothing and, having no last key to continue from, is not truncated
          // (as MinIO answers); it used to fail with a NullPointerException
          truncated = last != null;
          break;
        }
        if (common != null) {
          prefixes.add(common);
          // Skip every key under this prefix on the next page too.
          last = common + Character.MAX_VALUE;
        } else {
          contents.add(e);
          last = k;
        }
      }
    }
    Function<String, String> enc = s -> urlEncode ? SigV4.uriEncode(s, false) : s;
    Xml x = new Xml().root("ListBucketResult").el("Name", name).el("Prefix", enc.apply(prefix));
    if (v2) {
      x.el("KeyCount", contents.size() + prefixes.size()).el("MaxKeys", maxKeys);
      if (token != null) {
        x.el("ContinuationToken", token);
      }
      if (truncated) {
        x.el(
            "NextContinuationToken",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    Objects.requireNonNull(last, "a truncated page has a last key")
                        .getBytes(StandardCharsets.UTF_8)));
      }
      q.queryParam("start-after").ifPresent(s -> x.el("StartAfter", enc.apply(s)));
    } else {
      x.el("Marker", enc.apply(after)).el("MaxKeys", maxKeys);
      if (truncated && !delimiter.isEmpty()) {
        x.el("NextMarker", enc.apply(last));
      }
    }
    if (!delimiter.isEmpty()) {
      x.el("Delimiter", enc.apply(delimiter));
    }
    if (urlEncode) {
      x.el("EncodingType", "url");
    }
    x.el("IsTruncated", truncated);
    for (Map.Entry<String, NodeStore.StoredObject> e : contents) {
      NodeStore.StoredObject o = e.getValue();
      x.open("Contents")
          .el("Key", enc.apply(e.getKey()))
          .el("LastModified", o.lastModified)
          .el("ETag", "\"" + o.etag + "\"")
          .el("Size", o.size)
          .el("StorageClass", "STANDARD")
          .close("Contents");
    }
    for (String p : prefixes) {
      x.open("CommonPrefixes").el("Prefix", enc.apply(p)).close("CommonPrefixes");
    }
    return Reply.xml(x.close("ListBucketResult"));
  }

  // ---------------------------------------------------------------- objects

  private Reply putObject(Request r, String name, String key) {
    if (key.length() > 1024) {
      throw new S3Exception(400, "KeyTooLongError", "Your key is too long").on(name, key);
    }
    synchronized (store) {
      bucket(name);
    }
    byte[] data = r.payload();
    String md5 = base64Md5(data);
    r.http()
        .header("content-md5")
        .ifPresent(
            sent -> {
              if (!sent.equals(md5)) {
                throw new S3Exception(
                        400,
                        "BadDigest",
                        "The Content-MD5 you specified did not match what we received.")
                    .on(name, key);
              }
            });
    NodeStore.StoredObject obj = new NodeStore.StoredObject();
    obj.size = data.length;
    obj.etag = HexFormat.of().formatHex(Base64.getDecoder().decode(md5));
    obj.contentType = r.http().header("content-type").orElse("binary/octet-stream");
    obj.lastModified = now();
    r.http()
        .headers()
        .forEach(
            (h, v) -> {
              if (h.startsWith("x-amz-meta-")) {
                obj.metadata.put(h, String.join(",", v));
              }
            });
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      NodeStore.StoredObject previous = b.objects.get(key);
      long used = b.usedBytes() - (previous == null ? 0 : previous.size);
      if (b.quota != null && b.quota > 0 && used + data.length > b.quota) {
        throw new S3Exception(400, "XRustFSAdminBucketQuotaExceeded", "Bucket quota exceeded")
            .on(name, key);
      }
      if ("Enabled".equals(b.versioning)) {
        obj.versionId = UUID.randomUUID().toString();
      } else if ("Suspended".equals(b.versioning)) {
        obj.versionId = "null";
      }
      store.writeData(obj, data);
      b.objects.put(key, obj);
      store.deleteData(previous);
      store.save();
    }
    return Reply.ok()
        .header("ETag", "\"" + obj.etag + "\"")
        .header("x-amz-version-id", obj.versionId);
  }

  private Reply getObject(Request r, String name, String key, boolean head) {
    NodeStore.StoredObject obj;
    byte[] data;
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      obj = b.objects.get(key);
      if (obj == null) {
        throw S3Exception.noSuchKey(name, key);
      }
      data = head ? null : store.readData(obj);
    }
    String etag = "\"" + obj.etag + "\"";
    String ifMatch = r.http().header("if-match").orElse(null);
    if (ifMatch != null && !ifMatch.equals(etag) && !ifMatch.equals("*")) {
      throw new S3Exception(
              412,
              "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold")
          .on(name, key);
    }
    String ifNoneMatch = r.http().header("if-none-match").orElse(null);
    if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("*"))) {
      return new Reply(304, null).header("ETag", etag);
    }
    long start = 0;
    long end = obj.size - 1;
    boolean partial = false;
    String range = r.http().header("range").orElse(null);
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      String spec = range.substring(6);
      int dash = spec.indexOf('-');
      try {
        if (dash == 0) {
          long suffix = Long.parseLong(spec.substring(1));
          start = Math.max(0, obj.size - suffix);
        } else if (dash > 0) {
          start = Long.parseLong(spec.substring(0, dash));
          if (dash < spec.length() - 1) {
            end = Math.min(end, Long.parseLong(spec.substring(dash + 1)));
          }
        }
        partial = dash >= 0;
      } catch (NumberFormatException e) {
        partial = false;
      }
      if (partial && (start >= obj.size || start > end)) {
        throw new S3Exception(416, "InvalidRange", "The requested range is not satisfiable")
            .on(name, key);
      }
    }
    long length = obj.size == 0 ? 0 : end - start + 1;
    byte[] body =
        head
            ? null
            : (partial ? java.util.Arrays.copyOfRange(data, (int) start, (int) end + 1) : data);
    Reply reply = new Reply(partial ? 206 : 200, body);
    reply.headLength = length;
    reply
        .header("Content-Type", obj.contentType)
        .header("ETag", etag)
        .header("Last-Modified", HttpDates.http(Instant.parse(obj.lastModified)))
        .header("Accept-Ranges", "bytes")
        .header("x-amz-version-id", obj.versionId);
    if (partial) {
      reply.header("Content-Range", "bytes " + start + "-" + end + "/" + obj.size);
    }
    obj.metadata.forEach(reply::header);
    return reply;
  }

  private Reply deleteObject(String name, String key) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(name);
      NodeStore.StoredObject removed = b.objects.remove(key);
      if (removed != null) {
        store.deleteData(removed);
        store.save();
      }
    }
    return Reply.noContent();
  }

  private Reply deleteObjects(Request r, String name) {
    if (r.http().header("content-md5").isEmpty()
        && r.http().headers().keySet().stream().noneMatch(h -> h.startsWith("x-amz-checksum-"))) {
      throw new S3Exception(
          400,
          "InvalidRequest",
          "Missing required header for this request: Content-Md5 or a checksum header");
    }
    byte[] body = r.payload();
    r.http()
        .header("content-md5")
        .ifPresent(
            sent -> {
              if (!sent.equals(base64Md5(body))) {
                throw new S3Exception(
                    400,
                    "BadDigest",
                    "The Content-MD5 you specified did not match what we received.");
              }
            });
    Element root = Xml.parse(body, "Delete");
    boolean quiet = "true".equalsIgnoreCase(Xml.text(root, "Quiet"));
    List<Element> objects = Xml.children(root, "Object");
    if (objects.isEmpty() || objects.size() > 1000) {
      throw S3Exception.malformedXml();
    }
    synchronized (store) {
      bucket(name);
    }
    Xml x = new Xml().root("DeleteResult");
    for (Element o : objects) {
      String key = Xml.text(o, "Key");
      if (key == null) {
        throw S3Exception.malformedXml();
      }
      try {
        authorize(r.caller(), "s3:DeleteObject", name, key);
        deleteObject(name, key);
        if (!quiet) {
          x.open("Deleted").el("Key", key).close("Deleted");
        }
      } catch (S3Exception e) {
        x.open("Error")
            .el("Key", key)
            .el("Code", e.code())
            .el("Message", e.getMessage())
            .close("Error");
      }
    }
    return Reply.xml(x.close("DeleteResult"));
  }

  private static String base64Md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String now() {
    return HttpDates.xml(clock.instant());
  }
}
