package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.operator.reconciler.S3InstanceReconciler;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.AwsCli;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nothing lost, nothing stuck: deleting an instance or a bucket honours every bucket's
 * deletionPolicy, on both doors, as a user sees it through kubectl, the AWS CLI and the facade's
 * HTTP API; and the phases a user watches are PENDING, CREATING, ACTIVE. The operator runs
 * in-process with the local provisioner (RustFS node emulators).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletionSafetyTest {
  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  TestEnv env;
  S3aasOperator operator;
  Path nodes;
  Kubectl kubectl;
  ApiClient api;

  @BeforeAll
  void start() throws Exception {
    env = new TestEnv();
    nodes = Files.createTempDirectory("s3aas-deletion-nodes");
    operator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(EmulatedNodes.local(nodes))
                .withNamespaces(Set.of(NS))
                .withPollInterval(Duration.ofSeconds(2))
                .withProvisionCheck(Duration.ofMillis(300)));
    kubectl = new Kubectl(env);
    api =
        new ApiClient(
            env.server.url(), env.token, Objects.requireNonNull(env.server.caCertificatePem()));
  }

  @AfterAll
  void stop() {
    if (kubectl != null) {
      kubectl.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (env != null) {
      env.close();
    }
    TestEnv.deleteTree(nodes);
  }

  @Test
  void instanceDeleteKeepsTheObjectsOfItsBucketsUntilTheirPoliciesLetThemGo() throws Exception {
    // an instance of a version that does not exist (no nodes) shows once the watch is running
    Kubectl.check(
        kubectl.apply(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata: {name: marker}
            spec: {version: 0.0.0-none}
            """),
        "kubectl apply marker");
    List<String> watch = kubectl.start("get", "s3instances", "-w");
    await().atMost(WAIT).until(() -> watch.stream().anyMatch(l -> l.startsWith("marker")));
    Kubectl.check(
        kubectl.apply(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata: {name: keeper}
            spec: {version: 0.0.1, bucketName: keeper-inbox}
            ---
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata: {name: keeper-data}
            spec: {instanceRef: keeper, deletionPolicy: DeleteIfEmpty}
            ---
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata: {name: keeper-archive}
            spec: {instanceRef: keeper, deletionPolicy: Retain}
            ---
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata: {name: keeper-scratch}
            spec: {instanceRef: keeper, deletionPolicy: Delete}
            """),
        "kubectl apply");
    for (String b : List.of("keeper-data", "keeper-archive", "keeper-scratch")) {
      await().atMost(WAIT).until(() -> field("bucket", b, "{.status.phase}").equals("ACTIVE"));
    }
    // the phases a watcher sees: the seed's, from the first row on
    await().atMost(WAIT).until(() -> phases(watch, "keeper").contains("ACTIVE"));
    assertThat(phases(watch, "keeper")).startsWith("PENDING", "CREATING", "ACTIVE");

    try (AwsCli aws = root("keeper")) {
      Path report = aws.file("report.txt", "quarterly numbers\n");
      for (String bucket : List.of("keeper-data", "keeper-scratch")) {
        AwsCli.Result put =
            aws.run("s3", "cp", report.toString(), "s3://" + bucket + "/report.txt");
        assertThat(put.exit()).as(put.out()).isZero();
      }
      // the delete comes right after the write: the node, not an observation, decides
      Kubectl.check(kubectl.run("delete", "s3instance", "keeper", "--wait=false"), "delete");

      await()
          .atMost(WAIT)
          .until(
              () ->
                  field("s3instance", "keeper", "{.status.phase}").equals("DELETING")
                      && readyReason("keeper").equals(S3InstanceReconciler.DELETION_BLOCKED));
      String why = readyMessage("keeper");
      assertThat(why)
          .contains("keeper-data", "holds objects", "empty it", "deletionPolicy to Delete")
          .contains("keeper-archive", "Retain")
          .doesNotContain("keeper-scratch", "keeper-inbox");
      assertThat(events("keeper"))
          .anySatisfy(e -> assertThat(e.getMessage()).contains("keeper-data"));
      // every object is still there, and the user's tools still work on it
      AwsCli.Result ls = aws.run("s3", "ls", "s3://keeper-data/");
      assertThat(ls.out()).contains("report.txt");

      AwsCli.Result rm = aws.run("s3", "rm", "s3://keeper-data/report.txt");
      assertThat(rm.exit()).as(rm.out()).isZero();
      // emptied: only the Retain bucket blocks now
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(readyMessage("keeper"))
                      .contains("keeper-archive")
                      .doesNotContain("keeper-data"));
    }
    // changing the policy lets the deletion finish by itself
    Kubectl.check(
        kubectl.run(
            "patch",
            "bucket",
            "keeper-archive",
            "--type=merge",
            "-p",
            "{\"spec\":{\"deletionPolicy\":\"Delete\"}}"),
        "patch");
    await().atMost(WAIT).until(() -> gone("s3instance", "keeper"));
    Kubectl.check(kubectl.run("delete", "s3instance", "marker"), "delete marker");
    for (String b : List.of("keeper-data", "keeper-archive", "keeper-scratch")) {
      assertThat(gone("bucket", b)).isTrue();
    }
  }

  @Test
  void facadeRefusesToDeleteANonEmptyBucketAndDeletesAnEmptyInstanceInOneCall() throws Exception {
    String i = "/v1/types/s3/instances";
    JsonNode created = call("POST", i, "{\"name\":\"shop\",\"version\":\"0.0.1\"}", 201);
    String id = created.path("id").asText();
    await()
        .atMost(WAIT)
        .until(() -> call("GET", i + "/" + id, null, 200).path("status").asText().equals("ACTIVE"));
    // the policy is a field of its own, validated, defaulted and changeable
    JsonNode bad =
        call(
            "POST",
            i + "/" + id + "/buckets",
            "{\"name\":\"shop-files\",\"deletion_policy\":\"Sometimes\"}",
            400);
    assertThat(bad.path("field").asText()).isEqualTo("deletion_policy");
    JsonNode bucket = call("POST", i + "/" + id + "/buckets", "{\"name\":\"shop-files\"}", 201);
    assertThat(bucket.path("deletion_policy").asText()).isEqualTo("DeleteIfEmpty");
    String b = i + "/" + id + "/buckets/shop-files";
    await()
        .atMost(WAIT)
        .until(() -> call("GET", b, null, 200).path("status").asText().equals("ACTIVE"));
    call("POST", i + "/" + id + "/users", "{\"name\":\"app\",\"policies\":[\"readwrite\"]}", 201);
    JsonNode key = call("POST", i + "/" + id + "/users/app/access-keys", "{}", 201);
    String endpoint = call("GET", i + "/" + id, null, 200).path("endpoint").asText();
    await()
        .atMost(WAIT)
        .until(
            () ->
                call(
                        "GET",
                        i + "/" + id + "/users/app/access-keys/" + key.path("id").asText(),
                        null,
                        200)
                    .path("status")
                    .asText()
                    .equals("ACTIVE"));

    try (AwsCli aws =
        new AwsCli(endpoint, key.path("access_key").asText(), key.path("secret_key").asText())) {
      Path file = aws.file("order.json", "{\"order\":1}\n");
      AwsCli.Result put = aws.run("s3", "cp", file.toString(), "s3://shop-files/order.json");
      assertThat(put.exit()).as(put.out()).isZero();

      JsonNode refused = call("DELETE", b, null, 409);
      assertThat(refused.path("type").asText()).isEqualTo("BucketNotEmpty");
      assertThat(refused.path("message").asText()).contains("deletion_policy");
      JsonNode waiting = call("GET", b, null, 200);
      assertThat(waiting.path("status").asText()).isEqualTo("DELETING");
      assertThat(waiting.path("status_reason").asText()).contains("still holds objects");
      assertThat(aws.run("s3", "ls", "s3://shop-files/").out()).contains("order.json");

      // the instance waits for it too, and says so
      JsonNode blocked = call("DELETE", i + "/" + id, null, 409);
      assertThat(blocked.path("type").asText()).isEqualTo("DeletionBlocked");
      assertThat(blocked.path("message").asText()).contains("shop-files", "holds objects");
      assertThat(call("GET", i + "/" + id, null, 200).path("status_reason").asText())
          .contains("shop-files");
      assertThat(aws.run("s3", "ls", "s3://shop-files/").out()).contains("order.json");

      // the user decides: delete it with its objects; both deletions then finish by themselves
      JsonNode patched = call("PATCH", b, "{\"deletion_policy\":\"Delete\"}", 200);
      assertThat(patched.path("deletion_policy").asText()).isEqualTo("Delete");
      await().atMost(WAIT).until(() -> status("GET", b) == 404);
      await().atMost(WAIT).until(() -> status("GET", i + "/" + id) == 404);
      // the credentials Secret the facade made for the key went with it
      assertThat(
              env.client
                  .secrets()
                  .inNamespace(NS)
                  .withName("s3aas-key-" + key.path("id").asText())
                  .get())
          .isNull();
    }
    // an instance with only empty buckets: the seed's plain DELETE is enough
    String other =
        call("POST", i, "{\"name\":\"shop-2\",\"version\":\"0.0.1\"}", 201).path("id").asText();
    await()
        .atMost(WAIT)
        .until(
            () -> call("GET", i + "/" + other, null, 200).path("status").asText().equals("ACTIVE"));
    call("POST", i + "/" + other + "/buckets", "{\"name\":\"shop-2-files\"}", 201);
    await()
        .atMost(WAIT)
        .until(
            () ->
                call("GET", i + "/" + other + "/buckets/shop-2-files", null, 200)
                    .path("status")
                    .asText()
                    .equals("ACTIVE"));
    assertThat(status("DELETE", i + "/" + other)).isEqualTo(204);
    await().atMost(WAIT).until(() -> status("GET", i + "/" + other) == 404);
  }

  @Test
  void facadeDocumentsTheDeletionPolicy() throws Exception {
    JsonNode doc = call("GET", "/v1/openapi.json", null, 200);
    assertThat(doc.at("/components/schemas/Bucket/properties/deletion_policy/description").asText())
        .contains("DeleteIfEmpty", "BucketNotEmpty", "Retain");
  }

  // ---------------------------------------------------------------- helpers

  /** The distinct successive phases of an instance in a {@code kubectl get -w} table. */
  static List<String> phases(List<String> lines, String name) {
    List<String> phases = new ArrayList<>();
    for (String line : lines) {
      String[] cols = line.trim().split("\\s+", -1);
      if (cols.length < 2 || !cols[0].equals(name)) {
        continue;
      }
      String phase =
          List.of("PENDING", "CREATING", "ACTIVE", "DELETING", "ERROR").stream()
              .filter(p -> List.of(cols).contains(p))
              .findFirst()
              .orElse("<blank>");
      if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
        phases.add(phase);
      }
    }
    return phases;
  }

  String field(String kind, String name, String jsonPath) throws Exception {
    Kubectl.Result r = kubectl.run("get", kind, name, "-o", "jsonpath=" + jsonPath);
    return r.exit() == 0 ? r.out().trim() : "";
  }

  String readyReason(String instance) throws Exception {
    return field("s3instance", instance, "{.status.conditions[?(@.type==\"Ready\")].reason}");
  }

  String readyMessage(String instance) throws Exception {
    return field("s3instance", instance, "{.status.conditions[?(@.type==\"Ready\")].message}");
  }

  boolean gone(String kind, String name) throws Exception {
    Kubectl.Result r = kubectl.run("get", kind, name);
    return r.exit() != 0 && r.err().contains("NotFound");
  }

  List<Event> events(String instance) {
    return env.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> instance.equals(e.getInvolvedObject().getName()))
        .filter(e -> S3InstanceReconciler.DELETION_BLOCKED.equals(e.getReason()))
        .toList();
  }

  /** The AWS CLI with the instance's root credentials, as its owner reads them from its Secret. */
  AwsCli root(String instance) throws Exception {
    Secret s = env.client.secrets().inNamespace(NS).withName("s3aas-root-" + instance).get();
    String endpoint = field("s3instance", instance, "{.status.endpoint}");
    return new AwsCli(
        endpoint,
        decode(s.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
        decode(s.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)));
  }

  static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  int status(String method, String path) {
    return api.send(method, path, null, null).status();
  }

  JsonNode call(String method, String path, String body, int expected) {
    ApiClient.Response r = api.send(method, path, ApiClient.JSON, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return r.body().isEmpty() ? JSON.createObjectNode() : r.json();
  }
}
