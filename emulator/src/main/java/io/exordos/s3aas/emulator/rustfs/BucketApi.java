package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/** Buckets themselves: create, delete, head, list, location, versioning, encryption, policy. */
final class BucketApi {
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private final S3Context ctx;
  private final NodeStore store;

  BucketApi(S3Context ctx) {
    this.ctx = ctx;
    this.store = ctx.store;
  }

  Reply list(S3Api.Request r) {
    int max;
    try {
      max = Integer.parseInt(r.http().queryParam("max-buckets").orElse("10000"));
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 1 || max > 10000) {
      throw S3Exception.invalidArgument("max-buckets must be between 1 and 10000");
    }
    String after = r.http().queryParam("continuation-token").orElse("");
    Xml x = new Xml().root("ListAllMyBucketsResult");
    Acl.owner(x, "Owner").open("Buckets");
    String next = null;
    synchronized (store) {
      int n = 0;
      for (Map.Entry<String, NodeStore.Bucket> e :
          new TreeMap<>(store.state().buckets).tailMap(after, false).entrySet()) {
        if (n++ == max) {
          next = e.getKey();
          break;
        }
        x.open("Bucket")
            .el("Name", e.getKey())
            .el("CreationDate", e.getValue().created)
            .close("Bucket");
      }
    }
    x.close("Buckets");
    if (next != null) {
      // The token is the last bucket listed: the next page starts after it.
      String last = null;
      synchronized (store) {
        last = new TreeMap<>(store.state().buckets).lowerKey(next);
      }
      x.el("ContinuationToken", last);
    }
    return Reply.xml(x.close("ListAllMyBucketsResult"));
  }

  /**
   * Whether a request may name this bucket at all: s3s refuses any other name while parsing the
   * path, before authentication, with 400 InvalidBucketName (s3s-project/s3s crates/s3s/src/path.rs
   * check_bucket_name, commit ed70cb0), so an RGW tenant name such as "tenant:bucket" never reaches
   * RustFS.
   */
  static boolean addressable(String name) {
    return BUCKET_NAME.matcher(name).matches()
        && !IP_LIKE.matcher(name).matches()
        && !name.contains("..")
        && !name.startsWith("xn--");
  }

  Reply create(S3Api.Request r, String name) {
    // RustFS's own check on creation also refuses ".-" and "-."
    // (crates/ecstore/src/bucket/utils.rs).
    if (!addressable(name) || name.contains(".-") || name.contains("-.")) {
      throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.")
          .on(name, null);
    }
    byte[] body = r.payload();
    if (body.length > 0) {
      Element cfg = Xml.parse(body, "CreateBucketConfiguration");
      String location = Xml.text(cfg, "LocationConstraint");
      if (location != null && !location.isEmpty() && !location.equals(ctx.region)) {
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
        if (r.caller().root()) {
          // RustFS answers a repeated CreateBucket with success only for its root user ("owner"
          // there means root access), changing nothing; anyone else gets BucketAlreadyExists.
          return Reply.ok().header("Location", "/" + name);
        }
        throw new S3Exception(
                409,
                "BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
                    + "Please select a different name and try again.")
            .on(name, null);
      }
      NodeStore.Bucket b = new NodeStore.Bucket();
      b.created = ctx.now();
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

  Reply delete(String name) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      if (!Versions.isEmpty(b)) {
        throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
            .on(name, null);
      }
      b.uploads.values().forEach(u -> u.parts.values().forEach(store::deleteData));
      store.state().buckets.remove(name);
      store.save();
    }
    return Reply.noContent();
  }

  Reply head(String name) {
    synchronized (store) {
      ctx.bucket(name);
    }
    return Reply.ok().header("x-amz-bucket-region", ctx.region);
  }

  Reply getLocation(String name) {
    synchronized (store) {
      ctx.bucket(name);
    }
    // S3 reports us-east-1 as an empty constraint.
    String body =
        Xml.HEADER
            + "<LocationConstraint xmlns=\""
            + Xml.NS
            + "\">"
            + (ctx.region.equals("us-east-1") ? "" : Xml.escape(ctx.region))
            + "</LocationConstraint>";
    return new Reply(200, body.getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/xml");
  }

  Reply getVersioning(String name) {
    Xml x = new Xml().root("VersioningConfiguration");
    synchronized (store) {
      x.el("Status", ctx.bucket(name).versioning);
    }
    return Reply.xml(x.close("VersioningConfiguration"));
  }

  Reply putVersioning(S3Api.Request r, String name) {
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
      NodeStore.Bucket b = ctx.bucket(name);
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

  Reply getEncryption(String name) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
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

  Reply putEncryption(S3Api.Request r, String name) {
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
      NodeStore.Bucket b = ctx.bucket(name);
      b.sseAlgorithm = algorithm;
      b.kmsKeyId = keyId;
      store.save();
    }
    return Reply.ok();
  }

  Reply deleteEncryption(String name) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      b.sseAlgorithm = null;
      b.kmsKeyId = null;
      store.save();
    }
    return Reply.noContent();
  }

  Reply getPolicy(String name) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      if (b.policy == null) {
        throw new S3Exception(404, "NoSuchBucketPolicy", "The bucket policy does not exist")
            .on(name, null);
      }
      return Reply.json(200, b.policy);
    }
  }

  Reply putPolicy(S3Api.Request r, String name) {
    byte[] body = r.payload();
    if (body.length > 20 * 1024) {
      throw new S3Exception(
          400, "PolicyTooLarge", "Policy exceeds the maximum allowed document size.");
    }
    Policies.parseBucketPolicy(body, name);
    String policy = new String(body, StandardCharsets.UTF_8);
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      if (PublicAccess.blocksPolicy(b) && PublicAccess.policyIsPublic(policy)) {
        throw S3Exception.accessDenied();
      }
      b.policy = policy;
      store.save();
    }
    return Reply.noContent();
  }

  Reply deletePolicy(String name) {
    synchronized (store) {
      ctx.bucket(name).policy = null;
      store.save();
    }
    return Reply.noContent();
  }
}
