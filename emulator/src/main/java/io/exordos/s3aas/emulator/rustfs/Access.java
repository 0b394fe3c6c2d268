package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what: IAM identity policies, bucket policies (explicit Deny wins, then any Allow) and,
 * for callers no policy allows, the canned ACLs of the bucket and the object.
 */
final class Access {
  private static final Set<String> READ_BUCKET =
      Set.of("s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads");
  private static final Set<String> WRITE_BUCKET =
      Set.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");

  /** What the root user may do even when the bucket policy denies it. */
  private static final Set<String> POLICY_ACTIONS =
      Set.of("s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");

  private final NodeStore store;

  Access(NodeStore store) {
    this.store = store;
  }

  /** Throws AccessDenied unless the caller may do {@code action} on the bucket/key. */
  void authorize(
      Caller caller, @Nullable String action, @Nullable String bucket, @Nullable String key) {
    authorize(caller, action, bucket, key, Map.of());
  }

  /**
   * Throws AccessDenied unless the caller may do {@code action} on the bucket/key; {@code headers}
   * (lower-case names) are the request's, read by policy conditions. The root user may do anything
   * a bucket policy does not explicitly deny; it may always read, change and delete the bucket
   * policy itself (RustFS: rustfs/src/storage/access.rs, authorize_request and
   * owner_can_bypass_policy_deny).
   */
  void authorize(
      Caller caller,
      @Nullable String action,
      @Nullable String bucket,
      @Nullable String key,
      Map<String, List<String>> headers) {
    if (action == null || (caller.root() && (bucket == null || POLICY_ACTIONS.contains(action)))) {
      return;
    }
    if (bucket != null && !caller.root() && !action.equals("s3:CreateBucket")) {
      synchronized (store) {
        if (!store.state().buckets.containsKey(bucket)) {
          throw S3Exception.noSuchBucket(bucket);
        }
      }
    }
    String resource =
        "arn:aws:s3:::"
            + (bucket == null ? "" : bucket)
            + (key == null || key.isEmpty() ? "" : "/" + key);
    Policies.Decision identity = Policies.Decision.NONE;
    Policies.Decision bucketPolicy = Policies.Decision.NONE;
    boolean aclAllows;
    synchronized (store) {
      NodeStore.Bucket b = bucket == null ? null : store.state().buckets.get(bucket);
      NodeStore.StoredObject existing =
          b == null || key == null || key.isEmpty() ? null : b.objects.get(key);
      Conditions conditions = Conditions.of(headers, existing == null ? Map.of() : existing.tags);
      if (!caller.anonymous() && !caller.root()) {
        NodeStore.User user = store.state().users.get(caller.accessKey());
        identity = Policies.evaluate(policyDocs(user), action, resource, false, null, conditions);
      }
      if (b != null && b.policy != null) {
        try {
          bucketPolicy =
              Policies.evaluate(
                  List.of(Policies.JSON.readTree(b.policy)),
                  action,
                  resource,
                  true,
                  caller.accessKey(),
                  conditions);
        } catch (java.io.IOException e) {
          throw S3Exception.internal("stored bucket policy is unreadable");
        }
      }
      aclAllows = b != null && aclAllows(caller, b, key, action);
    }
    if (identity == Policies.Decision.DENY || bucketPolicy == Policies.Decision.DENY) {
      throw S3Exception.accessDenied();
    }
    if (caller.root()) {
      return;
    }
    if (identity != Policies.Decision.ALLOW
        && bucketPolicy != Policies.Decision.ALLOW
        && !aclAllows) {
      if (action.equals("s3:GetObject") && bucket != null && key != null && missing(bucket, key)) {
        // A caller who may list the bucket learns that the key does not exist, as S3 answers.
        try {
          authorize(caller, "s3:ListBucket", bucket, null);
        } catch (S3Exception e) {
          throw S3Exception.accessDenied();
        }
        throw S3Exception.noSuchKey(bucket, key);
      }
      throw S3Exception.accessDenied();
    }
  }

  /** x-amz-expected-bucket-owner: AccessDenied when the bucket belongs to another account. */
  void checkExpectedOwner(HttpRequestView http, @Nullable String bucket) {
    String expected = http.header("x-amz-expected-bucket-owner").orElse(null);
    if (expected == null || bucket == null) {
      return;
    }
    synchronized (store) {
      NodeStore.Bucket b = store.state().buckets.get(bucket);
      if (b != null && !S3Context.ownerId(b.owner).equals(expected)) {
        throw S3Exception.accessDenied();
      }
    }
  }

  private boolean missing(String bucket, String key) {
    synchronized (store) {
      NodeStore.Bucket b = store.state().buckets.get(bucket);
      NodeStore.StoredObject o = b == null ? null : b.objects.get(key);
      return b != null && (o == null || o.deleteMarker);
    }
  }

  /** Canned ACLs: public-read(-write) open to everyone, authenticated-read to signed callers. */
  private static boolean aclAllows(
      Caller caller, NodeStore.Bucket b, @Nullable String key, String action) {
    if (PublicAccess.ignoresAcls(b)) {
      return false;
    }
    String acl = b.acl;
    if (key != null && !key.isEmpty() && action.equals("s3:GetObject")) {
      // An object's read access is its own ACL's, not the bucket's.
      NodeStore.StoredObject o = b.objects.get(key);
      acl = o == null ? null : o.acl;
    }
    if (acl == null) {
      return false;
    }
    boolean read =
        acl.equals("public-read")
            || acl.equals("public-read-write")
            || (acl.equals("authenticated-read") && !caller.anonymous());
    if (action.equals("s3:GetObject") || READ_BUCKET.contains(action)) {
      return read;
    }
    return WRITE_BUCKET.contains(action) && acl.equals("public-read-write");
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
}
