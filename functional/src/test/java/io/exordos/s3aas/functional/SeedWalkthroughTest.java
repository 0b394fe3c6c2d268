package io.exordos.s3aas.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.testsupport.AwsCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed README's walk-through, step by step, as a user runs it: a Core IAM token for the
 * MetaPaaS user, the instance made with the README's exact JSON, ACTIVE, a bucket, a readwrite user
 * and its key, {@code aws put-object}/{@code get-object} against {@code nodes[0].ip:port}, a
 * readonly user that cannot write, versioning switched off with PATCH, the same instance through
 * the Kubernetes-style API and its node in Core, then everything deleted with the documented
 * answers. One instance serves every step (creating one takes minutes on a live system), so the
 * steps are ordered.
 */
@ExtendWith(EnvExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedWalkthroughTest {
  /** The seed README's create body, byte for byte. */
  static final String SEED_INSTANCE =
      """
      {
      "name": "s3-data",
      "version": "0.0.1",
      "bucket_name": "data-bucket",
      "encryption": "aes256",
      "versioning": true
      }""";

  static final String I = "/v1/types/s3/instances";

  static FunctionalEnv env;
  static Http api;
  static Duration timeout;
  static String token;
  static String id;
  static String endpoint;
  static String nodeIp;
  static String rwAccessKey;
  static String rwSecret;
  static boolean instanceDeleted;
  static final String BUCKET =
      "fn-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);

  @BeforeAll
  static void setUp(FunctionalEnv e) {
    env = e;
    timeout = e.timeout;
    token = e.metapaasToken();
    api = e.facade(token);
  }

  @AfterAll
  static void cleanUp() {
    if (id != null && !instanceDeleted && api != null) {
      System.out.println(
          "functional: deleting instance "
              + id
              + " left by a failed step: "
              + api.delete(I + "/" + id).status());
    }
  }

  @Test
  @Order(1)
  void theTokenComesFromCoreIam() {
    assertThat(token).isNotBlank();
    Http.Response versions = api.get("/v1/types/s3/versions");
    assertThat(versions.status()).as("%s", versions).isEqualTo(200);
    assertThat(versions.json().findValuesAsText("name")).contains("0.0.1");
  }

  @Test
  @Order(2)
  void requestsWithoutAValidTokenAre401() {
    for (Http unauth : List.of(env.facade(null), env.facade("not-a-token"))) {
      Http.Response r = unauth.get(I);
      assertThat(r.status()).as("%s", r).isEqualTo(401);
      assertThat(r.json().path("code").asInt()).isEqualTo(401);
    }
  }

  @Test
  @Order(10)
  void createTheInstanceWithTheSeedJson() {
    Http.Response r = api.post(I, SEED_INSTANCE);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    JsonNode b = r.json();
    id = b.path("id").asText();
    assertThat(id).isNotBlank();
    assertThat(b.path("name").asText()).isEqualTo("s3-data");
    assertThat(b.path("version").asText()).isEqualTo("0.0.1");
    assertThat(b.path("bucket_name").asText()).isEqualTo("data-bucket");
    assertThat(b.path("encryption").asText()).isEqualTo("aes256");
    assertThat(b.path("versioning").asBoolean()).isTrue();
    assertThat(b.path("status").asText()).isIn("PENDING", "CREATING", "ACTIVE");
    assertThat(b.path("nodes").isArray()).isTrue();
  }

  @Test
  @Order(11)
  void documentedErrorsOnTheInstanceCollection() {
    Http.Response dup = api.post(I, SEED_INSTANCE);
    assertThat(dup.status()).as("same name again: %s", dup).isEqualTo(409);
    assertThat(dup.json().path("type").asText()).isEqualTo("Conflict");
    Http.Response unknown =
        api.post(I, Map.of("name", "fn-bad", "version", "0.0.1", "colour", "red"));
    assertThat(unknown.status()).as("unknown field: %s", unknown).isEqualTo(400);
    assertThat(unknown.json().path("field").asText()).isEqualTo("colour");
    Http.Response missing = api.get(I + "/00000000-0000-0000-0000-00000000dead");
    assertThat(missing.status()).as("%s", missing).isEqualTo(404);
  }

  @Test
  @Order(12)
  void theInstanceBecomesActiveWithANode() {
    JsonNode b =
        Poll.until(
                "instance " + id + " ACTIVE",
                timeout,
                () -> api.get(I + "/" + id),
                r -> {
                  if (r.status() == 200 && r.json().path("status").asText().equals("ERROR")) {
                    throw new AssertionError("instance went to ERROR: " + r + "\n" + env.logs());
                  }
                  return r.status() == 200 && r.json().path("status").asText().equals("ACTIVE");
                })
            .json();
    JsonNode node = b.path("nodes").path(0);
    assertThat(node.path("ip").asText()).as("%s", b).isNotBlank();
    assertThat(node.path("port").asInt()).as("%s", b).isPositive();
    nodeIp = node.path("ip").asText();
    endpoint = "http://" + nodeIp + ":" + node.path("port").asInt();
    assertThat(api.get(I).json().findValuesAsText("id")).contains(id);
    Http.Response byName = api.get(I + "/s3-data");
    assertThat(byName.json().path("id").asText()).as("%s", byName).isEqualTo(id);
  }

  @Test
  @Order(13)
  void theSameInstanceThroughTheKubernetesStyleApi() {
    Http.Response r =
        env.resourceApi(token)
            .get(
                "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + env.project + "/s3instances/" + id);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().path("kind").asText()).isEqualTo("S3Instance");
    assertThat(r.json().at("/metadata/name").asText()).isEqualTo(id);
    assertThat(r.json().at("/metadata/namespace").asText()).isEqualTo(env.project);
    assertThat(r.json().at("/spec/bucketName").asText()).isEqualTo("data-bucket");
    assertThat(r.json().at("/status/phase").asText()).isEqualTo("ACTIVE");
  }

  @Test
  @Order(14)
  void theNodeIsACoreNodeOfTheMetapaasProject() {
    Http core = env.core(env.adminToken());
    Http.Response nodes = core.get("/v1/compute/nodes/");
    assertThat(nodes.status()).as("%s", nodes).isEqualTo(200);
    assertThat(nodes.json().findValuesAsText("ipv4")).as("%s", nodes).contains(nodeIp);
  }

  @Test
  @Order(20)
  void bucketUserAndKey() {
    String base = I + "/" + id;
    Http.Response bucket = api.post(base + "/buckets", Map.of("name", BUCKET));
    assertThat(bucket.status()).as("%s", bucket).isEqualTo(201);
    Http.Response user =
        api.post(base + "/users", Map.of("name", "fn-rw", "policies", List.of("readwrite")));
    assertThat(user.status()).as("%s", user).isEqualTo(201);
    assertThat(user.json().path("policies").get(0).asText()).isEqualTo("readwrite");
    Http.Response key = api.post(base + "/users/fn-rw/access-keys", Map.of());
    assertThat(key.status()).as("%s", key).isEqualTo(201);
    rwAccessKey = key.json().path("access_key").asText();
    rwSecret = key.json().path("secret_key").asText();
    assertThat(rwAccessKey).isNotBlank();
    assertThat(rwSecret).isNotBlank();
    Http.Response again = api.get(base + "/users/fn-rw/access-keys/" + rwAccessKey);
    assertThat(again.status()).as("%s", again).isEqualTo(200);
    assertThat(again.json().has("secret_key")).as("a secret is answered once: %s", again).isFalse();
    awaitActive(base + "/buckets/" + BUCKET);
    awaitActive(base + "/users/fn-rw");
    awaitActive(base + "/users/fn-rw/access-keys/" + rwAccessKey);
  }

  @Test
  @Order(21)
  void putAndGetWithTheAwsCli() throws Exception {
    try (AwsCli aws = new AwsCli(endpoint, rwAccessKey, rwSecret)) {
      aws.file("test.txt", "hello");
      awaitAws(
          aws,
          "put-object with the new key",
          "s3api",
          "put-object",
          "--bucket",
          "data-bucket",
          "--key",
          "test.txt",
          "--body",
          "test.txt");
      AwsCli.Result get =
          aws.run("s3api", "get-object", "--bucket", "data-bucket", "--key", "test.txt", "out.txt");
      assertThat(get.ok()).as(get.out()).isTrue();
      assertThat(Files.readString(aws.file("out.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
      AwsCli.Result versioning =
          aws.run("s3api", "get-bucket-versioning", "--bucket", "data-bucket");
      assertThat(versioning.out()).as("the seed JSON asks for versioning").contains("Enabled");
      AwsCli.Result put2 =
          aws.run(
              "s3api",
              "put-object",
              "--bucket",
              BUCKET,
              "--key",
              "other.txt",
              "--body",
              "test.txt");
      assertThat(put2.ok()).as(put2.out()).isTrue();
      AwsCli.Result list = aws.run("s3api", "list-objects-v2", "--bucket", BUCKET);
      assertThat(list.out()).as(list.out()).contains("other.txt");
    }
  }

  @Test
  @Order(22)
  void aReadonlyUserReadsButCannotWrite() throws Exception {
    String base = I + "/" + id;
    Http.Response user =
        api.post(base + "/users", Map.of("name", "fn-ro", "policies", List.of("readonly")));
    assertThat(user.status()).as("%s", user).isEqualTo(201);
    Http.Response key = api.post(base + "/users/fn-ro/access-keys", Map.of());
    assertThat(key.status()).as("%s", key).isEqualTo(201);
    awaitActive(base + "/users/fn-ro/access-keys/" + key.json().path("access_key").asText());
    try (AwsCli aws =
        new AwsCli(
            endpoint,
            key.json().path("access_key").asText(),
            key.json().path("secret_key").asText())) {
      awaitAws(
          aws,
          "get-object with the readonly key",
          "s3api",
          "get-object",
          "--bucket",
          "data-bucket",
          "--key",
          "test.txt",
          "ro.txt");
      assertThat(Files.readString(aws.file("ro.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
      aws.file("w.txt", "nope");
      AwsCli.Result put =
          aws.run(
              "s3api",
              "put-object",
              "--bucket",
              "data-bucket",
              "--key",
              "w.txt",
              "--body",
              "w.txt");
      assertThat(put.ok()).as(put.out()).isFalse();
      assertThat(put.out()).contains("AccessDenied");
    }
    Http.Response del = api.delete(base + "/users/fn-ro");
    assertThat(del.status()).as("%s", del).isEqualTo(204);
  }

  @Test
  @Order(30)
  void patchVersioning() {
    Http.Response r = api.patch(I + "/" + id, Map.of("versioning", false));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().path("versioning").asBoolean()).isFalse();
    assertThat(api.get(I + "/" + id).json().path("versioning").asBoolean()).isFalse();
    Http.Response immutable = api.patch(I + "/" + id, Map.of("bucket_name", "other-bucket"));
    assertThat(immutable.status()).as("%s", immutable).isEqualTo(400);
    assertThat(immutable.json().path("field").asText()).isEqualTo("bucket_name");
    try (AwsCli aws = new AwsCli(endpoint, rwAccessKey, rwSecret)) {
      Poll.until(
          "data-bucket versioning Suspended",
          timeout,
          () -> aws.run("s3api", "get-bucket-versioning", "--bucket", "data-bucket"),
          res -> res.out().contains("Suspended"));
    }
  }

  @Test
  @Order(40)
  void deleteKeyUserBucket() throws Exception {
    String base = I + "/" + id;
    try (AwsCli aws = new AwsCli(endpoint, rwAccessKey, rwSecret)) {
      AwsCli.Result rm =
          aws.run("s3api", "delete-object", "--bucket", BUCKET, "--key", "other.txt");
      assertThat(rm.ok()).as(rm.out()).isTrue();
      // the default bucket counts as DeleteIfEmpty: emptied, it lets the instance go in one call
      emptyVersioned(aws, "data-bucket", "test.txt");
      Http.Response key = api.delete(base + "/users/fn-rw/access-keys/" + rwAccessKey);
      assertThat(key.status()).as("%s", key).isEqualTo(204);
      awaitGone(base + "/users/fn-rw/access-keys/" + rwAccessKey);
      Poll.until(
          "the deleted key to be refused",
          timeout,
          () -> aws.run("s3api", "list-objects-v2", "--bucket", "data-bucket"),
          res -> !res.ok());
    }
    Http.Response user = api.delete(base + "/users/fn-rw");
    assertThat(user.status()).as("%s", user).isEqualTo(204);
    awaitGone(base + "/users/fn-rw");
    awaitGone(base + "/users/fn-ro");
    Http.Response bucket = api.delete(base + "/buckets/" + BUCKET);
    assertThat(bucket.status()).as("%s", bucket).isEqualTo(204);
    awaitGone(base + "/buckets/" + BUCKET);
  }

  /**
   * Deletes an object and, where the node keeps versions (versioning was on), every version and
   * delete marker of it: a bucket holding old versions is not empty.
   */
  static void emptyVersioned(AwsCli aws, String bucket, String key) throws Exception {
    AwsCli.Result rm = aws.run("s3api", "delete-object", "--bucket", bucket, "--key", key);
    assertThat(rm.ok()).as(rm.out()).isTrue();
    AwsCli.Result versions =
        aws.run("s3api", "list-object-versions", "--bucket", bucket, "--prefix", key);
    if (!versions.ok()) {
      return; // a node without versions: the plain delete removed it
    }
    JsonNode listed = Http.JSON.readTree(versions.out());
    for (String kind : List.of("Versions", "DeleteMarkers")) {
      for (JsonNode v : listed.path(kind)) {
        AwsCli.Result gone =
            aws.run(
                "s3api",
                "delete-object",
                "--bucket",
                bucket,
                "--key",
                v.path("Key").asText(),
                "--version-id",
                v.path("VersionId").asText());
        assertThat(gone.ok()).as(gone.out()).isTrue();
      }
    }
  }

  @Test
  @Order(50)
  void deleteTheInstance() {
    Http.Response r = api.delete(I + "/" + id);
    assertThat(r.status()).as("%s", r).isEqualTo(204);
    instanceDeleted = true;
    awaitGone(I + "/" + id);
    Http.Response k8s =
        env.resourceApi(token)
            .get(
                "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + env.project + "/s3instances/" + id);
    assertThat(k8s.status()).as("%s", k8s).isEqualTo(404);
    Http core = env.core(env.adminToken());
    Poll.until(
        "the node " + nodeIp + " to leave Core",
        timeout,
        () -> core.get("/v1/compute/nodes/"),
        n -> n.status() == 200 && !n.json().findValuesAsText("ipv4").contains(nodeIp));
  }

  // ---------------------------------------------------------------- helpers

  private static void awaitActive(String path) {
    Poll.until(
        path + " ACTIVE",
        timeout,
        () -> api.get(path),
        r -> {
          if (r.status() == 200 && r.json().path("status").asText().equals("ERROR")) {
            throw new AssertionError(path + " went to ERROR: " + r + "\n" + env.logs());
          }
          return r.status() == 200 && r.json().path("status").asText().equals("ACTIVE");
        });
  }

  private static void awaitGone(String path) {
    Poll.until(path + " gone (404)", timeout, () -> api.get(path), r -> r.status() == 404);
  }

  /**
   * A key reaches RustFS asynchronously after ACTIVE on some systems: retry the first call for a
   * while.
   */
  private static void awaitAws(AwsCli aws, String what, String... args) {
    Poll.until(
        what,
        Duration.ofSeconds(Math.min(120, timeout.toSeconds())),
        () -> aws.run(args),
        res -> {
          if (!res.ok()) {
            System.out.println("functional: " + what + " not yet: " + res.out().strip());
          }
          return res.ok();
        });
  }
}
