package io.exordos.s3aas.operator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.operator.calls.CircuitBreaker;
import io.exordos.s3aas.operator.calls.Retry;
import io.minio.DeleteBucketEncryptionArgs;
import io.minio.DeleteBucketPolicyArgs;
import io.minio.GetBucketEncryptionArgs;
import io.minio.GetBucketPolicyArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketEncryptionArgs;
import io.minio.SetBucketPolicyArgs;
import io.minio.SetBucketVersioningArgs;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.Signer;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.RetentionDurationDays;
import io.minio.messages.RetentionMode;
import io.minio.messages.SseConfiguration;
import io.minio.messages.VersioningConfiguration;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The operator's client for one RustFS data plane: S3 calls through minio-java, admin calls as
 * plain JSON on {@code /rustfs/admin/v3} (the RustFS-native prefix; the {@code /minio/admin} alias
 * would make every secret travel Argon2id-encrypted, which costs CPU for nothing on a private
 * network).
 *
 * <p>Every call goes through {@link #call}: a semaphore caps the calls in flight to one node, 5xx
 * and connection errors are retried with jittered exponential backoff, and a circuit breaker fails
 * fast while a node keeps failing, so a broken node cannot make a thousand reconciles hammer it.
 */
public final class NodeClient implements AutoCloseable {
  public static final String REGION = "us-east-1";
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Retry RETRY = new Retry(3, Duration.ofMillis(100), 4);
  private static final String USAGE_NOT_AVAILABLE = "authoritative bucket usage is not available";
  private static final int BREAKER_THRESHOLD = 5;
  private static final Duration BREAKER_OPEN = Duration.ofSeconds(5);

  /** Functional interface for one attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T> extends Retry.Attempt<T> {}

  /** One attempt of a call that answers nothing (an {@link Attempt} must answer a value). */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** A RustFS user as {@code list-users} reports it. */
  public record ObservedUser(String status, List<String> policies) {
    public boolean enabled() {
      return "enabled".equals(status);
    }
  }

  private final NodeAccess access;
  private final OkHttpClient http;
  private final MinioClient s3;
  private final Semaphore inFlight;
  private final CircuitBreaker breaker = new CircuitBreaker(BREAKER_THRESHOLD, BREAKER_OPEN);
  private final LongAdder calls = new LongAdder();

  public NodeClient(NodeAccess access, OkHttpClient sharedHttp, int maxInFlight) {
    this.access = access;
    this.http = sharedHttp;
    this.s3 =
        MinioClient.builder()
            .endpoint(access.endpoint())
            .credentials(access.rootUser(), access.rootSecret())
            .region(REGION)
            .httpClient(sharedHttp)
            .build();
    this.inFlight = new Semaphore(Math.max(1, maxInFlight));
  }

  public NodeAccess access() {
    return access;
  }

  /** Calls made to this node (each attempt counts). */
  public long calls() {
    return calls.sum();
  }

  // ---------------------------------------------------------------- bulk observation

  public Map<String, ObservedUser> listUsers() {
    JsonNode n = admin("GET", "list-users", Map.of(), null);
    Map<String, ObservedUser> out = new LinkedHashMap<>();
    n.properties()
        .iterator()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    new ObservedUser(
                        e.getValue().path("status").asText("enabled"),
                        splitPolicies(e.getValue().path("policyName").asText("")))));
    return out;
  }

  public Map<String, JsonNode> listCannedPolicies() {
    JsonNode n = admin("GET", "list-canned-policies", Map.of(), null);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    n.properties()
        .iterator()
        .forEachRemaining(
            e -> {
              JsonNode doc = e.getValue();
              if (doc.isTextual()) {
                try {
                  doc = JSON.readTree(doc.asText());
                } catch (IOException ex) {
                  // keep the raw text; it will compare unequal and be rewritten
                }
              }
              out.put(e.getKey(), doc);
            });
    return out;
  }

  /** The node's usage scan: every bucket's objects and bytes, and the drives' totals. */
  public NodeUsage.Data dataUsage() {
    return NodeUsage.Data.parse(admin("GET", "datausageinfo", Map.of(), null));
  }

  /** The node's drives (every node's, in a distributed instance) with their capacity. */
  public List<NodeUsage.Drive> drives() {
    return NodeUsage.Drive.parse(admin("GET", "storageinfo", Map.of(), null));
  }

  public Set<String> listBuckets() {
    return call(
        "ListBuckets",
        () -> {
          Set<String> names = new TreeSet<>();
          s3.listBuckets().forEach(b -> names.add(b.name()));
          return names;
        });
  }

  // ---------------------------------------------------------------- buckets

  /** Creates a bucket; an existing bucket of ours counts as success. */
  public void createBucket(String bucket, boolean objectLock) {
    run(
        "CreateBucket",
        () -> {
          try {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(objectLock).build());
          } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
              throw e;
            }
          }
        });
  }

  /**
   * Removes a bucket; an absent bucket counts as success. Throws BucketNotEmpty (409) when not
   * empty.
   */
  public void removeBucket(String bucket) {
    run(
        "DeleteBucket",
        () -> {
          try {
            s3.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
          } catch (ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) {
              throw e;
            }
          }
        });
  }

  /**
   * Whether a bucket holds no object, asked of the node now (one ListObjects of one key); an absent
   * bucket is empty. The node's own DeleteBucket stays the final word (it also counts versions).
   */
  public boolean isEmpty(String bucket) {
    return call(
        "ListObjects",
        () -> {
          try {
            Iterator<Result<Item>> first =
                s3.listObjects(
                        ListObjectsArgs.builder().bucket(bucket).recursive(true).maxKeys(1).build())
                    .iterator();
            if (!first.hasNext()) {
              return true;
            }
            first.next().get(); // an error answer (NoSuchBucket, AccessDenied) surfaces here
            return false;
          } catch (ErrorResponseException e) {
            if ("NoSuchBucket".equals(e.errorResponse().code())) {
              return true;
            }
            throw e;
          }
        });
  }

  /** Deletes every object of a bucket (the latest versions), page by page. */
  public void emptyBucket(String bucket) {
    run(
        "EmptyBucket",
        () -> {
          try {
            List<DeleteObject> batch = new ArrayList<>();
            for (Result<Item> r :
                s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
              batch.add(new DeleteObject(r.get().objectName()));
              if (batch.size() == 1000) {
                drain(bucket, batch);
              }
            }
            drain(bucket, batch);
          } catch (ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) {
              throw e;
            }
          }
        });
  }

  private void drain(String bucket, List<DeleteObject> batch) throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    for (Result<DeleteError> r :
        s3.removeObjects(
            RemoveObjectsArgs.builder().bucket(bucket).objects(new ArrayList<>(batch)).build())) {
      DeleteError err = r.get();
      throw new NodeException(
          409, err.code(), "cannot delete " + err.objectName() + ": " + err.message());
    }
    batch.clear();
  }

  /** Reads every setting of a bucket (5 calls). */
  public BucketSettings bucketSettings(String bucket) {
    boolean versioning =
        call(
            "GetBucketVersioning",
            () ->
                s3.getBucketVersioning(GetBucketVersioningArgs.builder().bucket(bucket).build())
                        .status()
                    == VersioningConfiguration.Status.ENABLED);
    boolean encrypted =
        call(
            "GetBucketEncryption",
            () -> {
              try {
                SseConfiguration c =
                    s3.getBucketEncryption(
                        GetBucketEncryptionArgs.builder().bucket(bucket).build());
                return c != null && c.rule() != null;
              } catch (ErrorResponseException e) {
                if ("ServerSideEncryptionConfigurationNotFoundError"
                    .equals(e.errorResponse().code())) {
                  return false;
                }
                throw e;
              }
            });
    String[] lock =
        call(
            "GetObjectLockConfiguration",
            () -> {
              try {
                ObjectLockConfiguration c =
                    s3.getObjectLockConfiguration(
                        GetObjectLockConfigurationArgs.builder().bucket(bucket).build());
                if (c == null) {
                  return new String[] {"false", null, null};
                }
                return new String[] {
                  "true",
                  c.mode() == null ? null : c.mode().name(),
                  c.duration() == null ? null : String.valueOf(c.duration().duration())
                };
              } catch (ErrorResponseException e) {
                if ("ObjectLockConfigurationNotFoundError".equals(e.errorResponse().code())) {
                  return new String[] {"false", null, null};
                }
                throw e;
              }
            });
    boolean publicRead =
        call(
            "GetBucketPolicy",
            () -> {
              try {
                String p = s3.getBucketPolicy(GetBucketPolicyArgs.builder().bucket(bucket).build());
                return p != null && !p.isBlank() && isPublicRead(JSON.readTree(p));
              } catch (ErrorResponseException e) {
                if ("NoSuchBucketPolicy".equals(e.errorResponse().code())) {
                  return false;
                }
                throw e;
              }
            });
    long quotaBytes;
    try {
      JsonNode quota = admin("GET", "quota/" + bucket, Map.of(), null);
      quotaBytes = quota.path("quota").isNumber() ? quota.path("quota").asLong() : 0;
    } catch (NodeException e) {
      if (!NodeException.USAGE_NOT_COUNTED.equals(e.code())) {
        throw e;
      }
      quotaBytes = BucketSettings.QUOTA_UNKNOWN;
    }
    return new BucketSettings(
        versioning,
        encrypted,
        "true".equals(lock[0]),
        lock[1],
        lock[2] == null ? null : Integer.valueOf(lock[2]),
        publicRead,
        quotaBytes);
  }

  public void setVersioning(String bucket, boolean enabled) {
    run(
        "PutBucketVersioning",
        () -> {
          s3.setBucketVersioning(
              SetBucketVersioningArgs.builder()
                  .bucket(bucket)
                  .config(
                      new VersioningConfiguration(
                          enabled
                              ? VersioningConfiguration.Status.ENABLED
                              : VersioningConfiguration.Status.SUSPENDED,
                          null))
                  .build());
        });
  }

  public void setEncryption(String bucket, boolean aes256) {
    run(
        aes256 ? "PutBucketEncryption" : "DeleteBucketEncryption",
        () -> {
          if (aes256) {
            s3.setBucketEncryption(
                SetBucketEncryptionArgs.builder()
                    .bucket(bucket)
                    .config(SseConfiguration.newConfigWithSseS3Rule())
                    .build());
          } else {
            s3.deleteBucketEncryption(DeleteBucketEncryptionArgs.builder().bucket(bucket).build());
          }
        });
  }

  public void setRetention(String bucket, String mode, int days) {
    run(
        "PutObjectLockConfiguration",
        () -> {
          s3.setObjectLockConfiguration(
              SetObjectLockConfigurationArgs.builder()
                  .bucket(bucket)
                  .config(
                      new ObjectLockConfiguration(
                          RetentionMode.valueOf(mode), new RetentionDurationDays(days)))
                  .build());
        });
  }

  public void setPublicRead(String bucket, boolean publicRead) {
    run(
        publicRead ? "PutBucketPolicy" : "DeleteBucketPolicy",
        () -> {
          if (publicRead) {
            s3.setBucketPolicy(
                SetBucketPolicyArgs.builder()
                    .bucket(bucket)
                    .config(publicReadPolicy(bucket))
                    .build());
          } else {
            try {
              s3.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
              if (!"NoSuchBucketPolicy".equals(e.errorResponse().code())) {
                throw e;
              }
            }
          }
        });
  }

  /**
   * Sets (or, for 0, removes) a bucket's hard quota. A new bucket's quota cannot be set until the
   * node's usage scanner has counted it (RustFS answers 503): that is a {@link
   * NodeException#USAGE_NOT_COUNTED}, to be tried again later, not a failure of the node.
   */
  public void setQuota(String bucket, long bytes) {
    if (bytes <= 0) {
      admin("DELETE", "quota/" + bucket, Map.of(), null);
    } else {
      ObjectNode body = JSON.createObjectNode().put("quota", bytes).put("quota_type", "HARD");
      admin("PUT", "quota/" + bucket, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  static String publicReadPolicy(String bucket) {
    ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
    ArrayNode st = doc.putArray("Statement");
    ObjectNode get = st.addObject().put("Effect", "Allow");
    get.putObject("Principal").putArray("AWS").add("*");
    get.putArray("Action").add("s3:GetObject");
    get.putArray("Resource").add("arn:aws:s3:::" + bucket + "/*");
    ObjectNode list = st.addObject().put("Effect", "Allow");
    list.putObject("Principal").putArray("AWS").add("*");
    list.putArray("Action").add("s3:ListBucket");
    list.putArray("Resource").add("arn:aws:s3:::" + bucket);
    return doc.toString();
  }

  static boolean isPublicRead(JsonNode policy) {
    for (JsonNode s : policy.path("Statement")) {
      String principal = s.path("Principal").toString();
      if ("Allow".equals(s.path("Effect").asText())
          && principal.contains("\"*\"")
          && s.path("Action").toString().contains("s3:GetObject")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- users and policies

  /**
   * Creates or updates a user (access key = user name) with its secret and status. RustFS ignores a
   * policy in this call: attach policies with {@link #setUserPolicies}; an existing user keeps the
   * policies attached to it.
   */
  public void addUser(String accessKey, String secretKey, boolean enabled) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("secretKey", secretKey)
            .put("status", enabled ? "enabled" : "disabled");
    admin(
        "PUT",
        "add-user",
        Map.of("accessKey", accessKey),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Attaches exactly {@code policies} to a user (an empty list detaches all). RustFS answers a
   * policy it does not have with a 500; the node's policy list tells that refusal from a failure.
   */
  public void setUserPolicies(String accessKey, List<String> policies) {
    Map<String, String> query =
        Map.of(
            "policyName", String.join(",", policies), "userOrGroup", accessKey, "isGroup", "false");
    call(
        "set-user-or-group-policy",
        () -> {
          try {
            return adminOnce("PUT", "set-user-or-group-policy", query, new byte[0]);
          } catch (NodeException e) {
            if (e.status() != 500) {
              throw e;
            }
            Set<String> present =
                observe("list-canned-policies").properties().stream()
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            List<String> missing = policies.stream().filter(p -> !present.contains(p)).toList();
            if (missing.isEmpty()) {
              throw e;
            }
            throw NodeException.refused(
                500,
                "PolicyNotFound",
                "the node has no canned policy " + String.join(", ", missing));
          }
        });
  }

  public void setUserStatus(String accessKey, boolean enabled) {
    admin(
        "PUT",
        "set-user-status",
        Map.of("accessKey", accessKey, "status", enabled ? "enabled" : "disabled"),
        new byte[0]);
  }

  /**
   * Detaches every policy from a user and removes it; an absent user counts as success. Detaching
   * first means no policy mapping of the user outlives it (RustFS keeps mappings apart from users,
   * and a stale one would make its policy "in use").
   */
  public void detachAndRemoveUser(String accessKey, boolean hasPolicies) {
    if (hasPolicies) {
      try {
        setUserPolicies(accessKey, List.of());
      } catch (NodeException e) {
        if (e.status() != 400) { // 400 InvalidArgument "user not found": gone already
          throw e;
        }
      }
    }
    removeUser(accessKey);
  }

  /**
   * Removes a user; an absent user counts as success. RustFS answers the removal of a missing user
   * with a 500, so a 500 is checked against the node's user list before it counts as a failure.
   */
  public void removeUser(String accessKey) {
    call(
        "remove-user",
        () -> {
          try {
            return adminOnce("DELETE", "remove-user", Map.of("accessKey", accessKey), null);
          } catch (NodeException e) {
            if (e.status() == 500 && !observe("list-users").has(accessKey)) {
              return JSON.createObjectNode(); // gone already
            }
            throw e;
          }
        });
  }

  public void addCannedPolicy(String name, JsonNode document) {
    admin(
        "PUT",
        "add-canned-policy",
        Map.of("name", name),
        document.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Removes a canned policy; an absent policy counts as success (RustFS answers 200). RustFS
   * refuses to remove a policy still attached to a user with a 500 ("policy in use"): the user list
   * tells that refusal, which names the users, from a failure.
   */
  public void removeCannedPolicy(String name) {
    call(
        "remove-canned-policy",
        () -> {
          try {
            return adminOnce("DELETE", "remove-canned-policy", Map.of("name", name), null);
          } catch (NodeException e) {
            if (e.status() != 500) {
              throw e;
            }
            List<String> holders = new ArrayList<>();
            observe("list-users")
                .properties()
                .forEach(
                    u -> {
                      if (splitPolicies(u.getValue().path("policyName").asText(""))
                          .contains(name)) {
                        holders.add(u.getKey());
                      }
                    });
            if (holders.isEmpty()) {
              throw e;
            }
            throw NodeException.refused(
                500,
                "PolicyInUse",
                "canned policy " + name + " is still attached to access keys " + holders);
          }
        });
  }

  public static List<String> splitPolicies(String names) {
    return Arrays.stream(names.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .sorted()
        .toList();
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * One admin call: SigV4-signed plain JSON on /rustfs/admin/v3. Answers the parsed JSON (or an
   * empty object).
   */
  public JsonNode admin(
      String method, String command, Map<String, String> query, byte @Nullable [] body) {
    return call(command, () -> adminOnce(method, command, query, body));
  }

  /** One attempt of an admin call, inside a {@link #call}. */
  private JsonNode adminOnce(
      String method, String command, Map<String, String> query, byte @Nullable [] body)
      throws Exception {
    HttpUrl base = HttpUrl.get(access.endpoint());
    HttpUrl.Builder url = base.newBuilder().encodedPath("/rustfs/admin/v3/" + command);
    query.forEach(url::addQueryParameter);
    byte[] payload = body == null ? new byte[0] : body;
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    Request.Builder rb =
        new Request.Builder()
            .url(url.build())
            .header(
                "Host",
                base.port() == HttpUrl.defaultPort(base.scheme())
                    ? base.host()
                    : base.host() + ":" + base.port())
            .header("x-amz-date", ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE))
            .header("x-amz-content-sha256", sha);
    RequestBody rbody =
        body == null && (method.equals("GET") || method.equals("DELETE"))
            ? null
            : RequestBody.create(payload, JSON_TYPE);
    rb.method(method, rbody);
    Request signed =
        Signer.signV4S3(rb.build(), REGION, access.rootUser(), access.rootSecret(), sha);
    try (Response res = http.newCall(signed).execute()) {
      ResponseBody rbd = res.body();
      String text = rbd == null ? "" : rbd.string();
      if (res.code() == 503 && text.contains(USAGE_NOT_AVAILABLE)) {
        throw new NodeException(
            503,
            NodeException.USAGE_NOT_COUNTED,
            "the node has not yet counted the usage of this new bucket (RustFS's usage scanner"
                + " runs periodically); the quota is applied once it has");
      }
      if (!res.isSuccessful()) {
        throw new NodeException(
            res.code(),
            xmlElement(text, "Code"),
            command
                + ": "
                + res.code()
                + " "
                + (xmlElement(text, "Message").isEmpty() ? text : xmlElement(text, "Message")));
      }
      if (text.isBlank()) {
        return JSON.createObjectNode();
      }
      return JSON.readTree(text);
    }
  }

  private static String xmlElement(String xml, String name) {
    int a = xml.indexOf("<" + name + ">");
    int b = xml.indexOf("</" + name + ">");
    return a >= 0 && b > a ? xml.substring(a + name.length() + 2, b) : "";
  }

  /**
   * Runs one logical call with the node's guards: concurrency cap, retries with backoff on
   * transient failures, circuit breaker. Throws {@link NodeException}.
   */
  public <T> T call(String what, Attempt<T> attempt) {
    return RETRY.call(
        () -> {
          try {
            inFlight.acquire();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeException.refused(0, "Interrupted", what + " interrupted");
          }
          try {
            calls.increment();
            return attempt.run();
          } finally {
            inFlight.release();
          }
        },
        e -> translate(what, e),
        breaker,
        () ->
            new NodeException(
                503,
                "NodeUnavailable",
                access.endpoint()
                    + " failed "
                    + breaker.threshold()
                    + " calls in a row; pausing calls for "
                    + breaker.openFor().toSeconds()
                    + " s"));
  }

  /** A read made inside an attempt to tell a refusal from a failure; counted as a call. */
  private JsonNode observe(String command) throws Exception {
    calls.increment();
    return adminOnce("GET", command, Map.of(), null);
  }

  /** {@link #call} for an action that answers nothing. */
  private void run(String what, Action action) {
    call(
        what,
        () -> {
          action.run();
          return Boolean.TRUE;
        });
  }

  private NodeException translate(String what, Exception e) {
    if (e instanceof NodeException n) {
      return n;
    }
    if (e instanceof ErrorResponseException er) {
      return new NodeException(
          er.response().code(),
          er.errorResponse().code(),
          what
              + " on "
              + access.endpoint()
              + ": "
              + er.errorResponse().code()
              + " "
              + er.errorResponse().message(),
          e);
    }
    if (e instanceof ServerException se) {
      return new NodeException(
          se.statusCode(),
          "ServerError",
          what + " on " + access.endpoint() + ": " + se.getMessage(),
          e);
    }
    if (e instanceof InterruptedIOException || e instanceof IOException) {
      return new NodeException(0, "Unreachable", what + " on " + access.endpoint() + ": " + e, e);
    }
    return new NodeException(
        0, e.getClass().getSimpleName(), what + " on " + access.endpoint() + ": " + e, e);
  }

  /** GET /health/ready: true when the node answers 200. Not retried: the caller polls. */
  public boolean ready() {
    Request r = new Request.Builder().url(access.endpoint() + "/health/ready").get().build();
    try (Response res = http.newCall(r).execute()) {
      return res.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // the OkHttpClient is shared and closed by its owner
  }
}
