package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exordos.s3aas.emulator.instrument.Faults;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.QuotaUnit;
import io.minio.admin.UserInfo;
import io.minio.errors.ErrorResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API through minio-java's MinioAdminClient (madmin-encrypted) and through plain RustFS
 * JSON.
 */
class AdminApiTest {
  static RustfsNode node;
  static MinioAdminClient admin;
  static MinioClient root;

  @BeforeAll
  static void start() {
    node = RustfsNode.start(RustfsNode.Config.of("admin", "root-secret-2"));
    // quota calls on a fresh bucket answer 503 for a while; AdminContractTest covers that
    node.usageScanDelay(Duration.ZERO);
    admin =
        MinioAdminClient.builder()
            .endpoint(node.endpoint().toString())
            .region("us-east-1")
            .credentials("admin", "root-secret-2")
            .build();
    root = MinioClientTest.client(node, "admin", "root-secret-2");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void usersPoliciesAndEnforcement() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("data").build());
    admin.addUser("reader01", UserInfo.Status.ENABLED, "reader-secret", null, null);
    admin.setPolicy("reader01", false, "readonly");
    Map<String, UserInfo> users = admin.listUsers();
    assertThat(users).containsKey("reader01");
    assertThat(users.get("reader01").policyName()).isEqualTo("readonly");
    assertThat(admin.getUserInfo("reader01").status()).isEqualTo(UserInfo.Status.ENABLED);

    MinioClient reader = MinioClientTest.client(node, "reader01", "reader-secret");
    MinioClientTest.put(root, "data", "k.txt", "v");
    assertThatThrownBy(() -> MinioClientTest.put(reader, "data", "k2.txt", "v"))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
    try (var in =
        reader.getObject(io.minio.GetObjectArgs.builder().bucket("data").object("k.txt").build())) {
      assertThat(in.readAllBytes()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }
    // A non-root key may not use the admin API.
    MinioAdminClient asReader =
        MinioAdminClient.builder()
            .endpoint(node.endpoint().toString())
            .region("us-east-1")
            .credentials("reader01", "reader-secret")
            .build();
    assertThatThrownBy(asReader::listUsers).hasMessageContaining("AccessDenied");

    String custom =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":[\"arn:aws:s3:::data\",\"arn:aws:s3:::data/*\"]},"
            + "{\"Effect\":\"Deny\",\"Action\":[\"s3:DeleteObject\"],\"Resource\":[\"arn:aws:s3:::data/keep/*\"]}]}";
    admin.addCannedPolicy("data-rw", custom);
    assertThat(admin.listCannedPolicies())
        .containsKeys(
            "data-rw", "readonly", "readwrite", "writeonly", "diagnostics", "consoleAdmin");
    admin.addUser("writer01", UserInfo.Status.ENABLED, "writer-secret", null, null);
    admin.setPolicy("writer01", false, "data-rw");
    MinioClient writer = MinioClientTest.client(node, "writer01", "writer-secret");
    MinioClientTest.put(writer, "data", "keep/a.txt", "a");
    assertThatThrownBy(
            () ->
                writer.removeObject(
                    io.minio.RemoveObjectArgs.builder()
                        .bucket("data")
                        .object("keep/a.txt")
                        .build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> writer.makeBucket(MakeBucketArgs.builder().bucket("other").build()))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> admin.setPolicy("writer01", false, "no-such-policy"))
        .hasMessageContaining("policy does not exist");
    assertThatThrownBy(
            () ->
                admin.addCannedPolicy(
                    "broken",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\"}]}"))
        .hasMessageContaining("InvalidRequest");

    // Disabled users are refused.
    admin.addUser("writer01", UserInfo.Status.DISABLED, "writer-secret", null, null);
    assertThatThrownBy(writer::listBuckets)
        .satisfies(
            t ->
                assertThat(((ErrorResponseException) t).errorResponse().message())
                    .contains("disabled"));

    admin.deleteUser("writer01");
    admin.removeCannedPolicy("data-rw");
    assertThat(admin.listUsers()).doesNotContainKey("writer01");
    assertThat(node.calls().count("AddUser")).isEqualTo(3);
  }

  @Test
  void quota() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("quota-b").build());
    admin.setBucketQuota("quota-b", 1, QuotaUnit.KB);
    assertThat(admin.getBucketQuota("quota-b")).isEqualTo(1024);
    assertThatThrownBy(() -> MinioClientTest.put(root, "quota-b", "big", "x".repeat(2000)))
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).contains("QuotaExceeded"));
    // The RustFS-native endpoint sees the same quota.
    HttpResponse<String> r =
        TestSigner.send(
            node, "admin", "root-secret-2", "GET", "/rustfs/admin/v3/quota/quota-b", "", null);
    assertThat(r.body()).contains("\"quota\":1024").contains("\"quota_type\":\"HARD\"");
    TestSigner.send(
        node, "admin", "root-secret-2", "DELETE", "/rustfs/admin/v3/quota/quota-b", "", null);
    MinioClientTest.put(root, "quota-b", "big", "x".repeat(2000));
    assertThatThrownBy(() -> admin.getBucketQuota("missing-bucket"))
        .hasMessageContaining("NoSuchBucket");
  }

  @Test
  void plainJsonAdminOnRustfsPrefix() throws Exception {
    HttpResponse<String> add =
        TestSigner.send(
            node,
            "admin",
            "root-secret-2",
            "PUT",
            "/rustfs/admin/v3/add-user",
            "accessKey=plainuser",
            "{\"secretKey\":\"plain-secret\",\"status\":\"enabled\"}");
    assertThat(add.statusCode()).isEqualTo(200);
    HttpResponse<String> list =
        TestSigner.send(
            node, "admin", "root-secret-2", "GET", "/rustfs/admin/v3/list-users", "", null);
    assertThat(list.body()).contains("\"plainuser\":{").contains("\"status\":\"enabled\"");
    HttpResponse<String> set =
        TestSigner.send(
            node,
            "admin",
            "root-secret-2",
            "PUT",
            "/rustfs/admin/v3/set-user-or-group-policy",
            "isGroup=false&policyName=readwrite&userOrGroup=plainuser",
            null);
    assertThat(set.statusCode()).isEqualTo(200);
    HttpResponse<String> info =
        TestSigner.send(
            node,
            "admin",
            "root-secret-2",
            "GET",
            "/rustfs/admin/v3/user-info",
            "accessKey=plainuser",
            null);
    assertThat(info.body()).contains("\"policyName\":\"readwrite\"");
    // A plain body on the MinIO prefix is not what madmin sends: refused.
    HttpResponse<String> plainOnMinio =
        TestSigner.send(
            node,
            "admin",
            "root-secret-2",
            "PUT",
            "/minio/admin/v3/add-user",
            "accessKey=other",
            "{\"secretKey\":\"plain-secret\",\"status\":\"enabled\"}");
    assertThat(plainOnMinio.statusCode()).isEqualTo(400);
    HttpResponse<String> wrongSecret =
        TestSigner.send(
            node, "admin", "not-the-secret", "GET", "/rustfs/admin/v3/list-users", "", null);
    assertThat(wrongSecret.statusCode()).isEqualTo(403);
    assertThat(wrongSecret.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    HttpResponse<String> unsigned =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/rustfs/admin/v3/list-users"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
  }

  @Test
  void healthCountersAndFaults() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(node.endpoint() + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"ready\":true").contains("\"storage\"");

    node.faults().failNext("ListBuckets", 503, 1);
    assertThatThrownBy(root::listBuckets)
        .satisfies(t -> assertThat(MinioClientTest.errorCode(t)).isEqualTo("ServiceUnavailable"));
    assertThat(root.listBuckets()).isNotNull();
    node.faults().delay("ListBuckets", Duration.ofMillis(300));
    long t0 = System.nanoTime();
    root.listBuckets();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    node.faults().clear();
    assertThat(node.calls().count("ListBuckets")).isGreaterThanOrEqualTo(3);
    assertThat(node.calls().count("Health")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void skewedAndExpiredRequests() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), java.time.ZoneOffset.UTC);
    HttpResponse<String> skewed =
        TestSigner.send(node, "admin", "root-secret-2", "GET", "/", "", null, past);
    assertThat(skewed.body()).contains("RequestTimeTooSkewed");
  }

  @Test
  void stateSurvivesRestartWithDataDir(@TempDir Path dir) throws Exception {
    RustfsNode.Config cfg = RustfsNode.Config.of("admin", "root-secret-3").withDataDir(dir);
    try (RustfsNode first = RustfsNode.start(cfg)) {
      MinioClient c = MinioClientTest.client(first, "admin", "root-secret-3");
      c.makeBucket(MakeBucketArgs.builder().bucket("kept").build());
      MinioClientTest.put(c, "kept", "obj", "persisted");
      TestSigner.send(
          first,
          "admin",
          "root-secret-3",
          "PUT",
          "/rustfs/admin/v3/add-user",
          "accessKey=keptuser",
          "{\"secretKey\":\"kept-secret\",\"status\":\"enabled\"}");
    }
    try (RustfsNode second = RustfsNode.start(cfg)) {
      MinioClient c = MinioClientTest.client(second, "admin", "root-secret-3");
      try (var in =
          c.getObject(io.minio.GetObjectArgs.builder().bucket("kept").object("obj").build())) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("persisted");
      }
      HttpResponse<String> list =
          TestSigner.send(
              second, "admin", "root-secret-3", "GET", "/rustfs/admin/v3/list-users", "", null);
      assertThat(list.body()).contains("keptuser");
    } finally {
    }
    assertThat(List.of(Faults.ALL)).isNotEmpty();
  }
}
