package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.DeleteBucketPolicyArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectTagsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.ServerSideEncryptionS3;
import io.minio.SetBucketPolicyArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bucket policy {@code Condition} blocks as RustFS evaluates them (request headers and the existing
 * object's tags), explicit Deny binding the root user too, and presigned URL expiry limits.
 */
class BucketPolicyConditionsTest {
  static RustfsNode node;
  static MinioClient root;
  static MinioClient writer;

  @BeforeAll
  static void start() throws Exception {
    node = RustfsNode.start(RustfsNode.Config.of("admin", "root-secret-3"));
    root = MinioClientTest.client(node, "admin", "root-secret-3");
    MinioAdminClient admin =
        MinioAdminClient.builder()
            .endpoint(node.endpoint().toString())
            .region("us-east-1")
            .credentials("admin", "root-secret-3")
            .build();
    admin.addUser("writer01", UserInfo.Status.ENABLED, "writer-secret", null, null);
    admin.setPolicy("writer01", false, "writeonly");
    writer = MinioClientTest.client(node, "writer01", "writer-secret");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static String policy(String bucket, String effect, String action, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\""
        + effect
        + "\",\"Principal\":\"*\",\"Action\":\""
        + action
        + "\",\"Resource\":\"arn:aws:s3:::"
        + bucket
        + "/*\""
        + (condition.isEmpty() ? "" : ",\"Condition\":" + condition)
        + "}]}";
  }

  private static PutObjectArgs.Builder put(String bucket, String key) {
    byte[] data = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return PutObjectArgs.builder().bucket(bucket).object(key).stream(
        new ByteArrayInputStream(data), data.length, -1);
  }

  @Test
  void encryptionConditionsDenyEvenTheRootUser() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("sse-only").build());
    String mustBeAes =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
            + "\"Resource\":\"arn:aws:s3:::sse-only/*\",\"Condition\":{\"StringNotEquals\":"
            + "{\"s3:x-amz-server-side-encryption\":\"AES256\"}}},"
            + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
            + "\"Resource\":\"arn:aws:s3:::sse-only/*\",\"Condition\":{\"Null\":"
            + "{\"s3:x-amz-server-side-encryption\":\"true\"}}}]}";
    root.setBucketPolicy(
        SetBucketPolicyArgs.builder().bucket("sse-only").config(mustBeAes).build());

    root.putObject(put("sse-only", "encrypted").sse(new ServerSideEncryptionS3()).build());
    assertThatThrownBy(() -> root.putObject(put("sse-only", "plain").build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
    assertThatThrownBy(
            () ->
                root.putObject(
                    put("sse-only", "kms")
                        .headers(Map.of("x-amz-server-side-encryption", "aws:kms"))
                        .build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));

    // The owner may always take the policy away again, as in RustFS and S3.
    root.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket("sse-only").build());
    root.putObject(put("sse-only", "plain").build());
  }

  @Test
  void aDenyOnEverythingLocksOutTheRootUserButNotFromThePolicy() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("locked").build());
    MinioClientTest.put(root, "locked", "k", "v");
    root.setBucketPolicy(
        SetBucketPolicyArgs.builder()
            .bucket("locked")
            .config(policy("locked", "Deny", "s3:GetObject", ""))
            .build());
    assertThatThrownBy(
            () -> root.getObject(GetObjectArgs.builder().bucket("locked").object("k").build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
    assertThat(
            root.getBucketPolicy(io.minio.GetBucketPolicyArgs.builder().bucket("locked").build()))
        .contains("Deny");
    root.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket("locked").build());
    try (var in = root.getObject(GetObjectArgs.builder().bucket("locked").object("k").build())) {
      assertThat(in.readAllBytes())
          .isEqualTo("v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aConditionalDenyOnTheCannedAclHeader() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("no-public").build());
    root.setBucketPolicy(
        SetBucketPolicyArgs.builder()
            .bucket("no-public")
            .config(
                policy(
                    "no-public",
                    "Deny",
                    "s3:PutObject",
                    "{\"StringLike\":{\"s3:x-amz-acl\":\"public*\"}}"))
            .build());
    writer.putObject(put("no-public", "private-key").build());
    assertThatThrownBy(
            () ->
                writer.putObject(
                    put("no-public", "public-key")
                        .headers(Map.of("x-amz-acl", "public-read"))
                        .build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
  }

  @Test
  void anAllowConditionedOnTheObjectsExistingTag() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("tagged").build());
    MinioClientTest.put(root, "tagged", "public", "p");
    MinioClientTest.put(root, "tagged", "private", "q");
    root.setObjectTags(
        SetObjectTagsArgs.builder()
            .bucket("tagged")
            .object("public")
            .tags(Map.of("security", "public"))
            .build());
    root.setObjectTags(
        SetObjectTagsArgs.builder()
            .bucket("tagged")
            .object("private")
            .tags(Map.of("security", "private"))
            .build());
    root.setBucketPolicy(
        SetBucketPolicyArgs.builder()
            .bucket("tagged")
            .config(
                policy(
                    "tagged",
                    "Allow",
                    "s3:GetObjectTagging",
                    "{\"StringEquals\":{\"s3:ExistingObjectTag/security\":\"public\"}}"))
            .build());

    assertThat(
            writer
                .getObjectTags(
                    GetObjectTagsArgs.builder().bucket("tagged").object("public").build())
                .get())
        .containsEntry("security", "public");
    assertThatThrownBy(
            () ->
                writer.getObjectTags(
                    GetObjectTagsArgs.builder().bucket("tagged").object("private").build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
  }

  @Test
  void presignedUrlExpiryLimits() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("shared").build());
    MinioClientTest.put(root, "shared", "file", "data");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok = get(http, 60);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("data");

    HttpResponse<String> zero = get(http, 0);
    assertThat(zero.statusCode()).isEqualTo(403);
    assertThat(zero.body()).contains("<Code>AccessDenied</Code>", "Request has expired");

    // Seven days exactly is the longest validity s3s accepts; longer, negative or not a number is
    // a malformed presigned query (400), before the signature is even looked at.
    assertThat(get(http, 604800).statusCode()).isEqualTo(200);
    for (String bad : List.of("604801", "609901", "-7", "soon")) {
      HttpResponse<String> refused = get(http, bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).as(bad).contains("<Code>AuthorizationQueryParametersError</Code>");
    }
  }

  private static HttpResponse<String> get(HttpClient http, long expires) throws Exception {
    return get(http, Long.toString(expires));
  }

  private static HttpResponse<String> get(HttpClient http, String expires) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                TestSigner.presignedGet(node, "admin", "root-secret-3", "/shared/file", expires))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
