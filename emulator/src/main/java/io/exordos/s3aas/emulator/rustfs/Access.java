package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what: IAM identity policies and bucket policies (explicit Deny wins, then any Allow).
 * As in RustFS, ACLs grant nothing (rustfs/rustfs rustfs/src/storage/access.rs authorize_request
 * consults IAM and the bucket policy only; anonymous callers get what the bucket policy allows).
 */
final class Access {
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
    }
    if (identity == Policies.Decision.DENY || bucketPolicy == Policies.Decision.DENY) {
      throw S3Exception.accessDenied();
    }
    if (caller.root()) {
      return;
    }
    if (identity != Policies.Decision.ALLOW && bucketPolicy != Policies.Decision.ALLOW) {
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

  private boolean missing(String bucket, String key) {
    synchronized (store) {
      NodeStore.Bucket b = store.state().buckets.get(bucket);
      NodeStore.StoredObject o = b == null ? null : b.objects.get(key);
      return b != null && (o == null || o.deleteMarker);
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
}
