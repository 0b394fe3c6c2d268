package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The admin API of a node under {@code /rustfs/admin/v3} (plain JSON bodies) and its MinIO alias
 * {@code /minio/admin/v3} (where secrets travel madmin-encrypted, as stock MinIO clients expect).
 * Only the root user may call it.
 */
final class AdminApi {
  static final String RUSTFS_PREFIX = "/rustfs/admin/v3/";
  static final String MINIO_PREFIX = "/minio/admin/v3/";

  record Op(String kind, Function<S3Api.Request, Reply> run) {}

  private final NodeStore store;
  private final String rootUser;
  private final String rootSecret;
  private final Clock clock;
  private final UsageApi usage;

  AdminApi(NodeStore store, String rootUser, String rootSecret, Clock clock, UsageApi usage) {
    this.store = store;
    this.rootUser = rootUser;
    this.rootSecret = rootSecret;
    this.clock = clock;
    this.usage = usage;
  }

  static boolean isAdminPath(String path) {
    return path.startsWith(RUSTFS_PREFIX) || path.startsWith(MINIO_PREFIX);
  }

  Op route(HttpRequestView req) {
    String path = req.path();
    boolean minio = path.startsWith(MINIO_PREFIX);
    String command = path.substring(minio ? MINIO_PREFIX.length() : RUSTFS_PREFIX.length());
    String m = req.method();
    if (command.startsWith("quota/") && command.length() > "quota/".length()) {
      String bucket = command.substring("quota/".length());
      return switch (m) {
        case "PUT" -> new Op("SetBucketQuota", r -> setQuota(r, bucket, false));
        case "GET" -> new Op("GetBucketQuota", r -> getQuota(bucket, false));
        case "DELETE" -> new Op("DeleteBucketQuota", r -> deleteQuota(bucket));
        default -> unknown();
      };
    }
    return switch (m + " " + command) {
      case "GET list-users" -> new Op("ListUsers", r -> listUsers(minio));
      case "GET user-info" -> new Op("UserInfo", r -> userInfo(r));
      case "PUT add-user" -> new Op("AddUser", r -> addUser(r, minio));
      case "DELETE remove-user" -> new Op("RemoveUser", r -> removeUser(r));
      case "PUT set-user-status" -> new Op("SetUserStatus", r -> setUserStatus(r));
      case "PUT set-user-or-group-policy", "PUT set-policy" ->
          new Op("SetUserOrGroupPolicy", r -> setPolicy(r));
      case "GET list-canned-policies" -> new Op("ListCannedPolicies", r -> listPolicies());
      case "GET info-canned-policy" -> new Op("InfoCannedPolicy", r -> infoPolicy(r));
      case "PUT add-canned-policy" -> new Op("AddCannedPolicy", r -> addPolicy(r));
      case "DELETE remove-canned-policy" -> new Op("RemoveCannedPolicy", r -> removePolicy(r));
      case "PUT set-bucket-quota" ->
          new Op("SetBucketQuota", r -> setQuota(r, param(r, "bucket"), true));
      case "GET get-bucket-quota" ->
          new Op("GetBucketQuota", r -> getQuota(param(r, "bucket"), true));
      case "GET info" -> new Op("ServerInfo", r -> serverInfo());
      case "GET datausageinfo" -> new Op("DataUsageInfo", r -> usage.dataUsageInfo());
      case "GET storageinfo" -> new Op("StorageInfo", r -> usage.storageInfo());
      default -> unknown();
    };
  }

  private static Op unknown() {
    return new Op(
        "AdminUnknown",
        r -> {
          throw S3Exception.notImplemented();
        });
  }

  /** The admin API is for the root user only. */
  void authorize(Caller caller) {
    if (!caller.root()) {
      throw S3Exception.accessDenied();
    }
  }

  // ---------------------------------------------------------------- users

  private Reply listUsers(boolean minio) {
    ObjectNode out = Policies.JSON.createObjectNode();
    synchronized (store) {
      store.state().users.forEach((ak, u) -> out.set(ak, userJson(u)));
    }
    byte[] json = out.toString().getBytes(StandardCharsets.UTF_8);
    if (minio) {
      return new Reply(200, MadminCrypto.encrypt(rootSecret, json))
          .header("Content-Type", "application/octet-stream");
    }
    return new Reply(200, json).header("Content-Type", "application/json");
  }

  private static ObjectNode userJson(NodeStore.User u) {
    ObjectNode n = Policies.JSON.createObjectNode();
    if (!u.policies.isEmpty()) {
      n.put("policyName", String.join(",", u.policies));
    }
    n.put("status", u.status);
    n.put("updatedAt", u.updatedAt);
    return n;
  }

  private Reply userInfo(S3Api.Request r) {
    String ak = param(r, "accessKey");
    synchronized (store) {
      return Reply.json(200, userJson(user(ak)).toString());
    }
  }

  private NodeStore.User user(String ak) {
    NodeStore.User u = store.state().users.get(ak);
    if (u == null) {
      throw new S3Exception(404, "NoSuchResource", "user '" + ak + "' does not exist");
    }
    return u;
  }

  private Reply addUser(S3Api.Request r, boolean minio) {
    String ak = param(r, "accessKey");
    if (ak.equals(rootUser)) {
      throw S3Exception.invalidArgument("cannot create a user with the system access key");
    }
    if (ak.chars().anyMatch(Character::isWhitespace) || ak.length() < 3) {
      throw S3Exception.invalidArgument("access key must be at least 3 characters without spaces");
    }
    byte[] body = r.payload();
    if (minio) {
      try {
        body = MadminCrypto.decrypt(rootSecret, body);
      } catch (IllegalArgumentException e) {
        throw S3Exception.invalidRequest(
            "failed to decrypt MinIO admin payload: not encrypted with the root secret");
      }
    }
    JsonNode req = readJson(body);
    String secret = req.path("secretKey").asText("");
    if (secret.isEmpty()) {
      throw S3Exception.invalidArgument("secret key is required");
    }
    if (secret.length() < 8) {
      throw S3Exception.invalidArgument("secret key must be at least 8 characters");
    }
    String status = req.path("status").asText("enabled");
    if (!status.equals("enabled") && !status.equals("disabled")) {
      throw S3Exception.invalidRequest("invalid JSON: status must be enabled or disabled");
    }
    // RustFS stores the secret and status only: a "policy" in the body is ignored (policies are
    // attached by set-user-or-group-policy), and an existing user keeps its attached policies.
    synchronized (store) {
      NodeStore.User u = store.state().users.computeIfAbsent(ak, k -> new NodeStore.User());
      u.secretKey = secret;
      u.status = status;
      u.updatedAt = clock.instant().toString();
      store.save();
    }
    return Reply.ok();
  }

  private Reply removeUser(S3Api.Request r) {
    String ak = param(r, "accessKey");
    if (ak.equals(rootUser)) {
      throw S3Exception.invalidArgument("cannot remove the current user");
    }
    synchronized (store) {
      if (!store.state().users.containsKey(ak)) {
        // A RustFS quirk (bug): the temporary-user lookup fails first, so a missing user is a 500.
        throw S3Exception.internal(
            "failed to query temporary user state: user '" + ak + "' does not exist");
      }
      store.state().users.remove(ak);
      store.save();
    }
    return Reply.ok();
  }

  private Reply setUserStatus(S3Api.Request r) {
    String ak = param(r, "accessKey");
    if (ak.equals(rootUser)) {
      throw S3Exception.invalidArgument("cannot change the status of the current user");
    }
    String status = param(r, "status");
    if (!status.equals("enabled") && !status.equals("disabled")) {
      throw S3Exception.invalidArgument("status must be enabled or disabled");
    }
    synchronized (store) {
      NodeStore.User u = store.state().users.get(ak);
      if (u == null) {
        // A RustFS quirk (bug): a missing user is an internal error, not a 404.
        throw S3Exception.internal("failed to set user status: user '" + ak + "' does not exist");
      }
      u.status = status;
      u.updatedAt = clock.instant().toString();
      store.save();
    }
    return Reply.ok();
  }

  private Reply setPolicy(S3Api.Request r) {
    HttpRequestView q = r.http();
    String names = q.queryParam("policyName").or(() -> q.queryParam("policy")).orElse("");
    String target =
        q.queryParam("userOrGroup")
            .or(() -> q.queryParam("user-or-group"))
            .orElseThrow(() -> S3Exception.invalidArgument("userOrGroup is required"));
    String isGroup = q.queryParam("isGroup").or(() -> q.queryParam("is-group")).orElse("false");
    if (isGroup.equals("true")) {
      throw new S3Exception(404, "NoSuchResource", "group '" + target + "' does not exist");
    }
    if (target.equals(rootUser)) {
      throw S3Exception.invalidArgument("cannot set a policy for the system user");
    }
    List<String> policies = splitPolicies(names);
    synchronized (store) {
      NodeStore.User u = store.state().users.get(target);
      if (u == null) {
        throw S3Exception.invalidArgument("user not found");
      }
      for (String p : policies) {
        if (policy(p) == null) {
          // RustFS answers a missing policy with a 500 (the mapping write fails), not a 4xx.
          throw S3Exception.internal("policy does not exist");
        }
      }
      // An empty policyName removes the mapping.
      u.policies = new ArrayList<>(policies);
      u.updatedAt = clock.instant().toString();
      store.save();
    }
    return Reply.ok();
  }

  private static List<String> splitPolicies(String names) {
    return Arrays.stream(names.split(",", -1))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  /** The document of a policy: a custom one of that name wins over the built-in one. */
  private @Nullable JsonNode policy(String name) {
    JsonNode doc = store.state().policies.get(name);
    return doc != null ? doc : Policies.BUILT_IN.get(name);
  }

  // ---------------------------------------------------------------- canned policies

  private Reply listPolicies() {
    ObjectNode out = Policies.JSON.createObjectNode();
    Policies.BUILT_IN.forEach(out::set);
    synchronized (store) {
      store.state().policies.forEach(out::set);
    }
    return Reply.json(200, out.toString());
  }

  private Reply infoPolicy(S3Api.Request r) {
    String name = param(r, "name");
    JsonNode doc;
    synchronized (store) {
      doc = policy(name);
    }
    if (doc == null) {
      throw S3Exception.internal("policy does not exist");
    }
    return Reply.json(200, doc.toString());
  }

  private Reply addPolicy(S3Api.Request r) {
    String name = param(r, "name");
    if (name.chars().anyMatch(Character::isWhitespace)) {
      throw S3Exception.invalidArgument("policy name contains spaces");
    }
    JsonNode doc = CannedPolicyDocument.parse(r.payload());
    // Built-in names are not protected in RustFS: the custom document replaces the built-in one.
    synchronized (store) {
      store.state().policies.put(name, doc);
      store.save();
    }
    return Reply.ok();
  }

  private Reply removePolicy(S3Api.Request r) {
    String name = param(r, "name");
    synchronized (store) {
      boolean custom = store.state().policies.containsKey(name);
      if (!custom && Policies.BUILT_IN.containsKey(name)) {
        throw S3Exception.internal("cannot delete the built-in policy " + name);
      }
      boolean attached =
          store.state().users.values().stream().anyMatch(u -> u.policies.contains(name));
      if (attached) {
        // RustFS refuses with IAM's PolicyInUse, surfaced as an internal error.
        throw S3Exception.internal("policy in use");
      }
      // A policy that does not exist is removed already: 200.
      if (store.state().policies.remove(name) != null) {
        store.save();
      }
    }
    return Reply.ok();
  }

  // ---------------------------------------------------------------- quota

  private NodeStore.Bucket bucket(String name) {
    NodeStore.Bucket b = store.state().buckets.get(name);
    if (b == null) {
      throw S3Exception.noSuchBucket(name);
    }
    return b;
  }

  /**
   * RustFS answers GET of a quota with 503 until its usage scanner has counted the bucket once (a
   * PUT is stored and reports size 0); the emulator counts a bucket {@link
   * NodeStore#usageScanDelay()} after its creation.
   */
  private void requireCountedUsage(NodeStore.Bucket b) {
    Instant created;
    try {
      created = Instant.parse(b.created);
    } catch (java.time.format.DateTimeParseException e) {
      return; // a bucket from an older state file: counted long ago
    }
    if (clock.instant().isBefore(created.plus(store.usageScanDelay()))) {
      throw new S3Exception(
          503, "ServiceUnavailable", "authoritative bucket usage is not available yet");
    }
  }

  private Reply setQuota(S3Api.Request r, String bucket, boolean legacy) {
    JsonNode req = readJson(r.payload());
    JsonNode quota = req.has("quota") ? req.get("quota") : req.get("size");
    if (quota == null || !quota.canConvertToLong() || quota.asLong() < 0) {
      throw S3Exception.invalidArgument("quota must be a non-negative number of bytes");
    }
    String type =
        req.has("quota_type")
            ? req.get("quota_type").asText()
            : req.path("quotatype").asText("HARD");
    if (!type.toUpperCase(Locale.ROOT).equals("HARD")) {
      throw S3Exception.invalidArgument("only HARD quotas are supported, got " + type);
    }
    synchronized (store) {
      NodeStore.Bucket b = bucket(bucket);
      b.quota = quota.asLong() == 0 ? null : quota.asLong();
      store.save();
    }
    return legacy ? Reply.ok() : quotaReply(bucket, false);
  }

  private Reply getQuota(String bucket, boolean legacy) {
    synchronized (store) {
      requireCountedUsage(bucket(bucket));
    }
    return quotaReply(bucket, legacy);
  }

  private Reply quotaReply(String bucket, boolean legacy) {
    synchronized (store) {
      NodeStore.Bucket b = bucket(bucket);
      ObjectNode n = Policies.JSON.createObjectNode();
      if (legacy) {
        n.put("quota", b.quota == null ? 0 : b.quota);
        n.put("size", b.usedBytes());
        n.put("rate", 0);
        n.put("requests", 0);
        n.put("quotatype", "hard");
      } else {
        n.put("bucket", bucket);
        if (b.quota == null) {
          n.putNull("quota");
        } else {
          n.put("quota", b.quota);
        }
        n.put("size", b.usedBytes());
        n.put("quota_type", "HARD");
      }
      return Reply.json(200, n.toString());
    }
  }

  private Reply deleteQuota(String bucket) {
    synchronized (store) {
      bucket(bucket).quota = null;
      store.save();
    }
    return Reply.ok();
  }

  private Reply serverInfo() {
    ObjectNode n = Policies.JSON.createObjectNode();
    n.put("mode", "online");
    synchronized (store) {
      n.putObject("buckets").put("count", store.state().buckets.size());
      n.putObject("objects")
          .put(
              "count",
              store.state().buckets.values().stream().mapToLong(b -> b.objects.size()).sum());
    }
    return Reply.json(200, n.toString());
  }

  // ---------------------------------------------------------------- helpers

  private static String param(S3Api.Request r, String name) {
    return r.http()
        .queryParam(name)
        .filter(v -> !v.isEmpty())
        .orElseThrow(() -> S3Exception.invalidArgument(name + " is required"));
  }

  private static JsonNode readJson(byte[] body) {
    try {
      JsonNode n = Policies.JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw S3Exception.invalidRequest("invalid JSON: expected an object");
      }
      return n;
    } catch (java.io.IOException e) {
      throw S3Exception.invalidRequest("invalid JSON body");
    }
  }

  Map<String, NodeStore.User> users() {
    return store.state().users;
  }
}
