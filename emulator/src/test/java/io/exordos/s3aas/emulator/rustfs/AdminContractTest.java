package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin answers listed in docs/CONTRACTS.md, one test per row group, as RustFS 1.0.0-rc.3 gives
 * them (quirks included): what the operator's error handling is written against.
 */
class AdminContractTest {
  static final String ROOT = "admin";
  static final String SECRET = "contract-secret";
  static RustfsNode node;
  static MinioClient root;

  @BeforeAll
  static void start() {
    node = RustfsNode.start(RustfsNode.Config.of(ROOT, SECRET));
    root = MinioClientTest.client(node, ROOT, SECRET);
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static HttpResponse<String> admin(String method, String command, String query, String body)
      throws Exception {
    return TestSigner.send(node, ROOT, SECRET, method, "/rustfs/admin/v3/" + command, query, body);
  }

  static void addUser(String ak, String body) throws Exception {
    assertThat(admin("PUT", "add-user", "accessKey=" + ak, body).statusCode()).isEqualTo(200);
  }

  static String usersJson() throws Exception {
    return admin("GET", "list-users", "", null).body();
  }

  @Test
  void addUserIgnoresAPolicyInItsBody() throws Exception {
    addUser(
        "bodypolicy",
        "{\"secretKey\":\"secret-123\",\"status\":\"enabled\",\"policy\":\"readwrite\"}");
    assertThat(usersJson()).contains("\"bodypolicy\":{").doesNotContain("readwrite");
    // A policy name that does not exist is no error either: the field is never read.
    addUser("bodypolicy2", "{\"secretKey\":\"secret-123\",\"policy\":\"no-such-policy\"}");
    assertThat(usersJson()).contains("\"bodypolicy2\":{");
  }

  @Test
  void setUserOrGroupPolicyAttachesAndAnEmptyNameDetaches() throws Exception {
    addUser("attached", "{\"secretKey\":\"secret-123\",\"status\":\"enabled\"}");
    String q = "isGroup=false&userOrGroup=attached&policyName=";
    assertThat(admin("PUT", "set-user-or-group-policy", q + "readonly", null).statusCode())
        .isEqualTo(200);
    assertThat(usersJson()).contains("\"policyName\":\"readonly\"");
    // add-user again (a secret rotation) keeps the mapping
    addUser("attached", "{\"secretKey\":\"secret-456\",\"status\":\"enabled\"}");
    assertThat(usersJson()).contains("\"policyName\":\"readonly\"");
    assertThat(admin("PUT", "set-user-or-group-policy", q, null).statusCode()).isEqualTo(200);
    assertThat(usersJson()).contains("\"attached\":{").doesNotContain("\"policyName\"");
  }

  @Test
  void missingUsersAndPoliciesAnswerRustfsStatuses() throws Exception {
    HttpResponse<String> remove = admin("DELETE", "remove-user", "accessKey=ghost", null);
    assertThat(remove.statusCode()).isEqualTo(500);
    assertThat(remove.body())
        .contains("<Code>InternalError</Code>")
        .contains("failed to query temporary user state");
    HttpResponse<String> status =
        admin("PUT", "set-user-status", "accessKey=ghost&status=disabled", null);
    assertThat(status.statusCode()).isEqualTo(500);
    HttpResponse<String> noUser =
        admin(
            "PUT",
            "set-user-or-group-policy",
            "isGroup=false&userOrGroup=ghost&policyName=readonly",
            null);
    assertThat(noUser.statusCode()).isEqualTo(400);
    assertThat(noUser.body()).contains("<Code>InvalidArgument</Code>").contains("user not found");
    addUser("haspolicy", "{\"secretKey\":\"secret-123\"}");
    HttpResponse<String> noPolicy =
        admin(
            "PUT",
            "set-user-or-group-policy",
            "isGroup=false&userOrGroup=haspolicy&policyName=no-such-policy",
            null);
    assertThat(noPolicy.statusCode()).isEqualTo(500);
    assertThat(noPolicy.body()).contains("policy does not exist");
    HttpResponse<String> info = admin("GET", "user-info", "accessKey=ghost", null);
    assertThat(info.statusCode()).isEqualTo(404);
    assertThat(info.body()).contains("<Code>NoSuchResource</Code>");
  }

  static final String DOC =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::b/*\"]}]}";

  @Test
  void removeCannedPolicySemantics() throws Exception {
    // missing: already removed, 200
    assertThat(admin("DELETE", "remove-canned-policy", "name=never-was", null).statusCode())
        .isEqualTo(200);
    assertThat(admin("PUT", "add-canned-policy", "name=in-use", DOC).statusCode()).isEqualTo(200);
    addUser("user-of-policy", "{\"secretKey\":\"secret-123\"}");
    admin(
        "PUT",
        "set-user-or-group-policy",
        "isGroup=false&userOrGroup=user-of-policy&policyName=in-use",
        null);
    HttpResponse<String> inUse = admin("DELETE", "remove-canned-policy", "name=in-use", null);
    assertThat(inUse.statusCode()).isEqualTo(500);
    assertThat(inUse.body()).contains("policy in use");
    assertThat(admin("GET", "list-canned-policies", "", null).body()).contains("\"in-use\"");
    // detached, it goes
    admin(
        "PUT",
        "set-user-or-group-policy",
        "isGroup=false&userOrGroup=user-of-policy&policyName=",
        null);
    assertThat(admin("DELETE", "remove-canned-policy", "name=in-use", null).statusCode())
        .isEqualTo(200);
    assertThat(admin("GET", "list-canned-policies", "", null).body()).doesNotContain("\"in-use\"");
    assertThat(admin("DELETE", "remove-canned-policy", "name=readwrite", null).statusCode())
        .isEqualTo(500);
  }

  @Test
  void addCannedPolicyRequiresVersionAndRefusesUnknownFields() throws Exception {
    HttpResponse<String> noVersion =
        admin(
            "PUT",
            "add-canned-policy",
            "name=nover",
            DOC.replace("\"Version\":\"2012-10-17\",", ""));
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.body()).contains("policy version is required");
    HttpResponse<String> unknown =
        admin(
            "PUT",
            "add-canned-policy",
            "name=unknown",
            DOC.replace("{\"Version\"", "{\"Extra\":1,\"Version\""));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("<Code>InvalidRequest</Code>").contains("Extra");
    assertThat(admin("GET", "list-canned-policies", "", null).body())
        .doesNotContain("\"nover\"")
        .doesNotContain("\"unknown\"");
  }

  @Test
  void quotaOfAFreshBucketIsUnavailableUntilItsUsageIsCounted() throws Exception {
    node.usageScanDelay(Duration.ofMillis(1500));
    try {
      root.makeBucket(MakeBucketArgs.builder().bucket("fresh").build());
      HttpResponse<String> get = admin("GET", "quota/fresh", "", null);
      assertThat(get.statusCode()).isEqualTo(503);
      assertThat(get.body()).contains("authoritative bucket usage is not available yet");
      // a PUT is stored at once (RustFS reads the usage best-effort and reports 0)
      String body = "{\"quota\":1024,\"quota_type\":\"HARD\"}";
      HttpResponse<String> put = admin("PUT", "quota/fresh", "", body);
      assertThat(put.statusCode()).isEqualTo(200);
      assertThat(put.body()).contains("\"quota\":1024").contains("\"size\":0");
      assertThat(admin("GET", "quota/fresh", "", null).statusCode()).isEqualTo(503);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(admin("GET", "quota/fresh", "", null).statusCode()).isEqualTo(200));
      assertThat(admin("GET", "quota/fresh", "", null).body()).contains("\"quota\":1024");
    } finally {
      node.usageScanDelay(Duration.ZERO);
    }
  }

  @Test
  void minioPrefixDecryptsEveryAlgorithmAndTheOlderHeader() throws Exception {
    byte[] json =
        "{\"secretKey\":\"secret-123\",\"status\":\"enabled\"}".getBytes(StandardCharsets.UTF_8);
    int[] ids = {MadminCrypto.AES_GCM, MadminCrypto.CHACHA20_POLY1305, MadminCrypto.PBKDF2_AES_GCM};
    for (int id : ids) {
      byte[] body = MadminCrypto.encrypt(id, SECRET, json);
      assertThat(
              TestSigner.sendBytes(
                      node,
                      ROOT,
                      SECRET,
                      "PUT",
                      "/minio/admin/v3/add-user",
                      "accessKey=alg" + id,
                      body,
                      Clock.systemUTC())
                  .statusCode())
          .as("algorithm id %d", id)
          .isEqualTo(200);
    }
    byte[] legacy = MadminCrypto.encryptSingleSeal(MadminCrypto.PBKDF2_AES_GCM, SECRET, json);
    assertThat(
            TestSigner.sendBytes(
                    node,
                    ROOT,
                    SECRET,
                    "PUT",
                    "/minio/admin/v3/add-user",
                    "accessKey=legacy",
                    legacy,
                    Clock.systemUTC())
                .statusCode())
        .isEqualTo(200);
    byte[] wrongKey = MadminCrypto.encrypt(MadminCrypto.PBKDF2_AES_GCM, "not-the-secret", json);
    HttpResponse<String> refused =
        TestSigner.sendBytes(
            node,
            ROOT,
            SECRET,
            "PUT",
            "/minio/admin/v3/add-user",
            "accessKey=wrong",
            wrongKey,
            Clock.systemUTC());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(usersJson())
        .contains("\"alg0\"", "\"alg1\"", "\"alg2\"", "\"legacy\"")
        .doesNotContain("\"wrong\"");
  }
}
