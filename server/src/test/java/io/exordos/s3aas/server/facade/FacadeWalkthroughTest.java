package io.exordos.s3aas.server.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The seed README as a new user follows it, through the facade: token, the create call with the
 * seed's exact JSON, status to ACTIVE (the operator simulated by writing status through the
 * ResourceService), bucket, user, key, PATCH, deletes; plus the field rules, errors, pagination,
 * the OpenAPI document and visibility through the resource API.
 */
class FacadeWalkthroughTest {
  static final String SEED_CREATE =
      """
      {
      "name": "s3-data",
      "version": "0.0.1",
      "bucket_name": "data-bucket",
      "encryption": "aes256",
      "versioning": true
      }""";
  static final String I = "/v1/types/s3/instances";

  static TestServer server;
  static ApiClient owner;
  static final List<Response> responses = new ArrayList<>();
  static LogLines logs;

  /** Every log line of the server, as formatted, safe to read while threads log. */
  static final class LogLines extends AppenderBase<ILoggingEvent> {
    final List<String> list = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      list.add(
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    String token =
        server.server().tokens().create("proj-a", Role.OWNER, "walkthrough", null).token();
    owner = new ApiClient(server.url(), token, null);
    logs = new LogLines();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    server.close();
  }

  static Response call(String method, String path, Object body) {
    Response r = owner.send(method, path, ApiClient.JSON, body);
    responses.add(r);
    return r;
  }

  /** What the operator would do: write the instance's status through the status subresource. */
  static void setStatus(
      String namespace, String id, String phase, List<Map<String, Object>> nodes, String message) {
    var service = server.server().service();
    ResourceType t =
        service.registry().find("s3aas.exordos.io", "v1alpha1", "s3instances").orElseThrow();
    ResourceKey key = new ResourceKey(t, namespace, id);
    ObjectNode o = service.get(key);
    ObjectNode status = o.putObject("status");
    status.put("phase", phase);
    status.set("nodes", ApiClient.mapper().valueToTree(nodes));
    if (message != null) {
      ObjectNode c = status.putArray("conditions").addObject();
      c.put("type", "Ready")
          .put("status", "False")
          .put("reason", "ProvisioningFailed")
          .put("message", message)
          .put("lastTransitionTime", "2026-01-01T00:00:00Z");
    }
    service.update(key, o, WriteOptions.DEFAULT, true);
  }

  @Test
  void seedWalkthrough() {
    // create with the seed's exact request body
    Response created = call("POST", I, SEED_CREATE);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode inst = created.json();
    String id = inst.path("id").asText();
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(inst.path("name").asText()).isEqualTo("s3-data");
    assertThat(inst.path("status").asText()).isIn("PENDING", "CREATING");
    assertThat(inst.path("bucket_name").asText()).isEqualTo("data-bucket");
    assertThat(inst.path("encryption").asText()).isEqualTo("aes256");
    assertThat(inst.path("versioning").asBoolean()).isTrue();
    assertThat(inst.path("nodes").isArray()).isTrue();
    assertThat(inst.path("version").asText()).isEqualTo("0.0.1");
    assertThat(inst.path("project_id").asText()).isEqualTo("proj-a");

    // the operator converges: CREATING, then ACTIVE with a node
    setStatus("proj-a", id, "CREATING", List.of(), null);
    assertThat(call("GET", I + "/" + id, null).json().path("status").asText())
        .isEqualTo("CREATING");
    setStatus(
        "proj-a",
        id,
        "ACTIVE",
        List.of(Map.of("id", "node-1", "ip", "10.20.0.21", "port", 9000)),
        null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> call("GET", I + "/" + id, null).json().path("status").asText().equals("ACTIVE"));
    JsonNode active = call("GET", I + "/" + id, null).json();
    assertThat(active.at("/nodes/0/ip").asText()).isEqualTo("10.20.0.21");
    assertThat(active.at("/nodes/0/port").asInt()).isEqualTo(9000);
    assertThat(active.at("/nodes/0/id").asText()).isEqualTo("node-1");

    // bucket, user, access key
    Response bucket =
        call(
            "POST",
            I + "/" + id + "/buckets",
            Map.of("name", "photos", "versioning_enabled", true));
    assertThat(bucket.status()).as(bucket.toString()).isEqualTo(201);
    assertThat(bucket.json().path("name").asText()).isEqualTo("photos");
    assertThat(call("GET", I + "/" + id + "/buckets", null).json().findValuesAsText("name"))
        .containsExactly("photos");
    Response user =
        call(
            "POST",
            I + "/" + id + "/users",
            Map.of("name", "app", "policies", List.of("readwrite")));
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    assertThat(user.json().path("policies").get(0).asText()).isEqualTo("readwrite");
    Response key = call("POST", I + "/" + id + "/users/app/access-keys", Map.of());
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    String accessKey = key.json().path("access_key").asText();
    String secretKey = key.json().path("secret_key").asText();
    assertThat(accessKey).hasSize(20);
    assertThat(secretKey).hasSize(40);
    int afterCreation = responses.size();
    int logsAfterCreation = logs.list.size();

    // the operator sees the credentials through the same resources: a Secret the key refers to
    var service = server.server().service();
    ResourceType keys =
        service.registry().find("s3aas.exordos.io", "v1alpha1", "accesskeys").orElseThrow();
    ObjectNode ak = service.get(new ResourceKey(keys, "proj-a", key.json().path("id").asText()));
    assertThat(ak.at("/spec/secretRef/name").asText())
        .isEqualTo("s3aas-key-" + accessKey.toLowerCase(java.util.Locale.ROOT));
    ResourceType secrets = service.registry().find("", "v1", "secrets").orElseThrow();
    ObjectNode secret =
        service.get(new ResourceKey(secrets, "proj-a", ak.at("/spec/secretRef/name").asText()));
    assertThat(
            new String(
                java.util.Base64.getDecoder().decode(secret.at("/data/secretAccessKey").asText()),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(secretKey);

    // later reads never show the secret, by list, by id, by access key, through the alias
    Response keyList = call("GET", I + "/" + id + "/users/app/access-keys", null);
    assertThat(keyList.json().get(0).path("access_key").asText()).isEqualTo(accessKey);
    assertThat(keyList.json().get(0).has("secret_key")).isFalse();
    assertThat(call("GET", I + "/" + id + "/users/app/keys/" + accessKey, null).status())
        .isEqualTo(200);
    assertThat(
            call(
                    "GET",
                    I
                        + "/"
                        + id
                        + "/users/"
                        + user.json().path("id").asText()
                        + "/access-keys/"
                        + key.json().path("id").asText(),
                    null)
                .status())
        .isEqualTo(200);

    // PATCH versioning, as documented
    Response patched = call("PATCH", I + "/" + id, Map.of("versioning", false));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("versioning").asBoolean()).isFalse();
    // PUT is an update too (the Python plugin's verb); repeating read-only values is accepted
    ObjectNode full = (ObjectNode) call("GET", I + "/" + id, null).json();
    full.put("encryption", "aes256");
    Response put = call("PUT", I + "/" + id, full);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().path("encryption").asText()).isEqualTo("aes256");

    // delete the key, the user, the bucket and the instance: 204 each, then 404
    assertThat(call("DELETE", I + "/" + id + "/users/app/access-keys/" + accessKey, null).status())
        .isEqualTo(204);
    assertThat(call("GET", I + "/" + id + "/users/app/access-keys", null).json()).isEmpty();
    assertThat(secretGone(ak.at("/spec/secretRef/name").asText())).isTrue();
    assertThat(call("DELETE", I + "/" + id + "/users/app", null).status()).isEqualTo(204);
    assertThat(call("DELETE", I + "/" + id + "/buckets/photos", null).status()).isEqualTo(204);
    assertThat(call("DELETE", I + "/" + id, null).status()).isEqualTo(204);
    Response gone = call("GET", I + "/" + id, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("code").asInt()).isEqualTo(404);

    // no later answer and no log line ever held the secret
    for (Response r : responses.subList(afterCreation, responses.size())) {
      assertThat(r.body()).doesNotContain(secretKey);
    }
    assertThat(logs.list.size()).isGreaterThan(logsAfterCreation);
    for (String line : logs.list) {
      assertThat(line).doesNotContain(secretKey);
    }
  }

  static boolean secretGone(String name) {
    var service = server.server().service();
    ResourceType secrets = service.registry().find("", "v1", "secrets").orElseThrow();
    try {
      service.get(new ResourceKey(secrets, "proj-a", name));
      return false;
    } catch (io.exordos.s3aas.server.api.ApiException e) {
      return e.code() == 404;
    }
  }

  @Test
  void fieldRulesAndErrors() {
    String id =
        call("POST", I, Map.of("name", "rules", "version", "0.0.1", "bucket_name", "rules-bucket"))
            .json()
            .path("id")
            .asText();
    assertError(call("PATCH", I + "/" + id, Map.of("bucket_name", "other")), 400, "bucket_name");
    assertError(call("PATCH", I + "/" + id, Map.of("version", "0.0.2")), 400, "version");
    assertError(call("PATCH", I + "/" + id, Map.of("status", "ACTIVE")), 400, "status");
    // mutable fields are still checked on update: an unknown mode or a wrong type names the field
    assertError(call("PATCH", I + "/" + id, Map.of("encryption", "rot13")), 400, "encryption");
    assertError(call("PATCH", I + "/" + id, Map.of("mfa_delete", "yes")), 400, "mfa_delete");
    // MFA delete cannot be enforced by RustFS: true is refused, not stored and ignored
    Response mfa = call("PATCH", I + "/" + id, Map.of("mfa_delete", true));
    assertError(mfa, 400, "mfa_delete");
    assertThat(mfa.json().path("message").asText()).contains("MFA delete");
    assertThat(call("GET", I + "/" + id, null).json().path("mfa_delete").asBoolean()).isFalse();
    assertThat(call("GET", I + "/" + id, null).json().path("encryption").asText())
        .isEqualTo("none");
    assertError(
        call("PATCH", I + "/" + id, Map.of("nodes", List.of(Map.of("id", "x")))), 400, "nodes");
    assertThat(
            call("PATCH", I + "/" + id, Map.of("nodes", List.of(), "status", "PENDING")).status())
        .isEqualTo(200); // repeating read-only values is fine
    assertError(call("POST", I, Map.of("name", "x", "version", "0.0.1", "id", "abc")), 400, "id");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "kind", "distributed")),
        400,
        "kind");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "created_at", "now")),
        400,
        "created_at");
    assertError(call("POST", I, Map.of("name", "x", "version", "9.9.9")), 400, "version");
    assertError(call("POST", I, Map.of("name", "x")), 400, "version");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "color", "red")), 400, "color");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "encryption", "rot13")),
        400,
        "encryption");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "versioning", "yes")),
        400,
        "versioning");
    assertError(call("POST", I, Map.of("name", "rules", "version", "0.0.1")), 409, "name");
    assertError(
        call("POST", I, Map.of("name", "x", "version", "0.0.1", "project_id", "proj-b")),
        403,
        "project_id");
    // the Python plugin's create body: sizing fields and the version as a URL
    String uuid = call("GET", "/v1/types/s3/versions", null).json().get(0).path("uuid").asText();
    Response py =
        call(
            "POST",
            I,
            Map.of(
                "name",
                "py",
                "project_id",
                "proj-a",
                "cpu",
                2,
                "ram",
                2048,
                "disk_size",
                20,
                "nodes_number",
                1,
                "version",
                "/v1/types/s3/versions/" + uuid));
    assertThat(py.status()).as(py.toString()).isEqualTo(201);
    assertThat(py.json().path("cpu").asInt()).isEqualTo(2);
    assertThat(py.json().path("ram").asInt()).isEqualTo(2048);
    assertThat(py.json().path("disk_size").asInt()).isEqualTo(20);
    assertThat(py.json().path("nodes_number").asInt()).isEqualTo(1);
    assertThat(py.json().path("kind").asText()).isEqualTo("single_node");
    assertThat(py.json().path("version").asText()).isEqualTo("0.0.1");
    assertError(
        call("PATCH", I + "/" + py.json().path("id").asText(), Map.of("disk_size", 10)),
        400,
        "disk_size"); // never shrinks
    assertError(
        call("PATCH", I + "/" + py.json().path("id").asText(), Map.of("nodes_number", 2)),
        400,
        "nodes_number");
    // rename: mutable, still unique
    assertError(call("PATCH", I + "/" + id, Map.of("name", "py")), 409, "name");
    Response renamed = call("PATCH", I + "/" + id, Map.of("name", "rules-2"));
    assertThat(renamed.json().path("name").asText()).isEqualTo("rules-2");
    assertThat(call("GET", I + "/rules-2", null).json().path("id").asText())
        .isEqualTo(id); // by name as well as by id
    // ERROR with a reason
    setStatus("proj-a", id, "ERROR", List.of(), "node set failed: no capacity");
    JsonNode err = call("GET", I + "/" + id, null).json();
    assertThat(err.path("status").asText()).isEqualTo("ERROR");
    assertThat(err.path("status_reason").asText()).contains("no capacity");
    // children: duplicate names, unknown policies, policies by name
    call("POST", I + "/" + id + "/buckets", Map.of("name", "bk1"));
    assertError(call("POST", I + "/" + id + "/buckets", Map.of("name", "bk1")), 409, "name");
    assertError(
        call("POST", I + "/" + id + "/buckets", Map.of("name", "Not_A_Bucket")), 400, "name");
    assertError(
        call("POST", I + "/" + id + "/users", Map.of("name", "u1", "policies", List.of("nope"))),
        400,
        "policies");
    Response pol =
        call(
            "POST",
            I + "/" + id + "/policies",
            Map.of(
                "name",
                "read-photos",
                "content",
                Map.of(
                    "Version",
                    "2012-10-17",
                    "Statement",
                    List.of(
                        Map.of(
                            "Effect",
                            "Allow",
                            "Action",
                            List.of("s3:GetObject"),
                            "Resource",
                            List.of("arn:aws:s3:::bk1/*"))))));
    assertThat(pol.status()).as(pol.toString()).isEqualTo(201);
    Response u1 =
        call(
            "POST",
            I + "/" + id + "/users",
            Map.of("name", "u1", "policies", List.of("read-photos", "readonly")));
    assertThat(u1.status()).as(u1.toString()).isEqualTo(201);
    assertThat(u1.json().path("policies").toString()).isEqualTo("[\"read-photos\",\"readonly\"]");
    assertError(call("PATCH", I + "/" + id + "/users/u1", Map.of("name", "u2")), 400, "name");
    assertError(
        call("PATCH", I + "/" + id + "/buckets/bk1", Map.of("object_lock_enabled", true)),
        400,
        "object_lock_enabled");
    assertThat(
            call("PATCH", I + "/" + id + "/buckets/bk1", Map.of("quota_bytes", 1000))
                .json()
                .path("quota_bytes")
                .asLong())
        .isEqualTo(1000);
    assertError(call("GET", I + "/" + id + "/buckets/nope", null), 404, null);
    // a key with the client's secret, the keys alias, and secrets never readable later
    Response k =
        call("POST", I + "/" + id + "/users/u1/keys", Map.of("secret_key", "my-own-secret-123"));
    assertThat(k.status()).as(k.toString()).isEqualTo(201);
    assertThat(k.json().path("secret_key").asText()).isEqualTo("my-own-secret-123");
    assertError(
        call(
            "PATCH",
            I + "/" + id + "/users/u1/keys/" + k.json().path("access_key").asText(),
            Map.of("secret_key", "another-secret-1")),
        400,
        "secret_key");
    Response disabled =
        call(
            "PATCH",
            I + "/" + id + "/users/u1/keys/" + k.json().path("access_key").asText(),
            Map.of("enabled", false));
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
    assertThat(disabled.body()).doesNotContain("my-own-secret-123");
    assertError(
        call("POST", I + "/" + id + "/users/u1/keys", Map.of("secret_key", "short")),
        400,
        "secret_key");
    // unknown endpoint and method
    assertThat(call("GET", "/v1/types/s3/nothing", null).status()).isEqualTo(404);
    assertThat(call("POST", I + "/" + id, Map.of()).status()).isEqualTo(405);
  }

  static void assertError(Response r, int code, String field) {
    assertThat(r.status()).as(r.toString()).isEqualTo(code);
    assertThat(r.json().path("code").asInt()).as(r.toString()).isEqualTo(code);
    assertThat(r.json().path("message").asText()).isNotEmpty();
    assertThat(r.json().path("type").asText()).isNotEmpty();
    if (field != null) {
      assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    }
  }

  @Test
  void listsFilterAndPage() {
    for (String n : List.of("page-1", "page-2", "page-3")) {
      assertThat(call("POST", I, Map.of("name", n, "version", "0.0.1")).status()).isEqualTo(201);
    }
    Response one = call("GET", I + "?name=page-2", null);
    assertThat(one.json().findValuesAsText("name")).containsExactly("page-2");
    List<String> seen = new ArrayList<>();
    String marker = null;
    do {
      var r =
          owner.send(
              "GET",
              I + "?limit=1&status=PENDING" + (marker == null ? "" : "&marker=" + marker),
              null,
              null);
      assertThat(r.json().size()).isLessThanOrEqualTo(1);
      r.json().forEach(v -> seen.add(v.path("name").asText()));
      marker = r.json().size() == 0 ? null : r.json().get(0).path("id").asText();
      if (r.json().size() == 0) {
        break;
      }
    } while (seen.size() < 50);
    assertThat(seen).contains("page-1", "page-2", "page-3").doesNotHaveDuplicates();
    assertError(call("GET", I + "?limit=x", null), 400, "limit");
  }

  @Test
  void visibleThroughTheResourceApiAndBack() {
    Response created =
        call(
            "POST",
            I,
            Map.of("name", "both-doors", "version", "0.0.1", "bucket_name", "both-bucket"));
    String id = created.json().path("id").asText();
    String k8s = "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-a/s3instances";
    Response viaKube = owner.get(k8s + "/" + id);
    assertThat(viaKube.status()).as(viaKube.toString()).isEqualTo(200);
    assertThat(viaKube.json().at("/spec/displayName").asText()).isEqualTo("both-doors");
    assertThat(viaKube.json().at("/spec/bucketName").asText()).isEqualTo("both-bucket");
    setStatus(
        "proj-a", id, "ACTIVE", List.of(Map.of("id", "n", "ip", "10.0.0.1", "port", 9000)), null);
    assertThat(owner.get(k8s + "/" + id).json().at("/status/phase").asText())
        .isEqualTo(call("GET", I + "/" + id, null).json().path("status").asText());
    // made with kubectl-style calls, seen by the facade
    Response made =
        owner.post(
            k8s,
            Map.of(
                "apiVersion",
                "s3aas.exordos.io/v1alpha1",
                "kind",
                "S3Instance",
                "metadata",
                Map.of("name", "from-kubectl"),
                "spec",
                Map.of("version", "0.0.1")));
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    JsonNode seen = call("GET", I + "/from-kubectl", null).json();
    assertThat(seen.path("id").asText()).isEqualTo("from-kubectl");
    assertThat(seen.path("name").asText()).isEqualTo("from-kubectl");
    assertThat(seen.path("status").asText()).isEqualTo("PENDING");
    Response bucket =
        owner.post(
            "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-a/buckets",
            Map.of(
                "apiVersion",
                "s3aas.exordos.io/v1alpha1",
                "kind",
                "Bucket",
                "metadata",
                Map.of("name", "logs"),
                "spec",
                Map.of("instanceRef", "from-kubectl")));
    assertThat(bucket.status()).as(bucket.toString()).isEqualTo(201);
    assertThat(call("GET", I + "/from-kubectl/buckets/logs", null).json().path("id").asText())
        .isEqualTo("logs");
    // a facade PATCH shows up as a spec change there
    call("PATCH", I + "/from-kubectl", Map.of("versioning", true));
    assertThat(owner.get(k8s + "/from-kubectl").json().at("/spec/versioning").asBoolean()).isTrue();
  }

  @Test
  void versionsAndOpenApi() {
    Response v = call("GET", "/v1/types/s3/versions", null);
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.json().get(0).path("name").asText()).isEqualTo("0.0.1");
    assertThat(v.json().get(0).path("image").asText()).startsWith("https://");
    assertThat(call("GET", "/v1/types/s3/versions/0.0.1", null).status()).isEqualTo(200);
    Response doc = call("GET", "/v1/openapi.json", null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().path("openapi").asText()).startsWith("3.");
    JsonNode paths = doc.json().path("paths");
    for (Route r : server.server().facade().routeTable()) {
      assertThat(paths.path(r.path()).has(r.method().toLowerCase(java.util.Locale.ROOT)))
          .as(r.method() + " " + r.path())
          .isTrue();
    }
    assertThat(
            paths
                .path("/v1/types/s3/instances")
                .path("post")
                .at("/requestBody/content/application~1json/schema/properties")
                .has("bucket_name"))
        .isTrue();
    assertThat(doc.json().at("/components/schemas/Instance/properties/mfa_delete/type").asText())
        .isEqualTo("boolean");
  }
}
