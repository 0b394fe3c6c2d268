package io.exordos.s3aas.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Core emulator over HTTP: tokens, node sets with their lifecycle, configs that start RustFS
 * nodes.
 */
class ExordosCoreTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ExordosCore core;
  static String token;

  record Res(int status, JsonNode body) {}

  @BeforeAll
  static void start() throws Exception {
    core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)));
    token =
        tokenFor("admin", "admin-pass", "&scope=project:" + core.config().projectId())
            .body()
            .path("access_token")
            .asText();
  }

  @AfterAll
  static void stop() {
    core.stop();
  }

  static Res tokenFor(String user, String password, String extra) throws Exception {
    String form =
        "grant_type=password&username=" + enc(user) + "&password=" + enc(password) + extra;
    return send(
        HttpRequest.newBuilder(
                URI.create(
                    core.loadBalancerEndpoint()
                        + "/v1/iam/clients/default/actions/get_token/invoke"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Res call(String method, String path, Object body) throws Exception {
    return call(token, method, path, body);
  }

  static Res call(String bearer, String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(core.loadBalancerEndpoint() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)))
            .header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b);
  }

  static Res send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Res(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
  }

  static String setBody(String uuid, String name, int replicas) {
    return """
                {"uuid": "%s", "name": "%s", "cores": 1, "ram": 1024, "replicas": %d,
                 "disk_spec": {"kind": "disks", "disks": [
                   {"size": 6, "image": "http://repo/rustfs.raw.zst", "label": "root"},
                   {"size": 10, "label": "data"}]}}"""
        .formatted(uuid, name, replicas);
  }

  static JsonNode awaitStatus(String path, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = call("GET", path, null).body();
              return last[0].path("status").asText().equals(status);
            });
    return last[0];
  }

  static String env(String secret) {
    return "RUSTFS_ACCESS_KEY=admin\nRUSTFS_SECRET_KEY="
        + secret
        + "\nRUSTFS_ADDRESS=0.0.0.0:9000\n"
        + "RUSTFS_VOLUMES=/var/lib/rustfs/data\n";
  }

  static String configBody(String uuid, String node, String content) throws Exception {
    return JSON.writeValueAsString(
        JSON.createObjectNode()
            .put("uuid", uuid)
            .put("name", node)
            .put("path", "/etc/exordos_metapaas/rustfs.env")
            .put("mode", "0640")
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "target", JSON.createObjectNode().put("kind", "node").put("node", node))
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "body", JSON.createObjectNode().put("kind", "text").put("content", content))
            .set(
                "on_change",
                JSON.createObjectNode()
                    .put("kind", "shell")
                    .put("command", "systemctl restart exordos-metapaas-rustfs")));
  }

  @Test
  void tokens() throws Exception {
    // gcl_iam answers wrong credentials as RFC 6749 does: 400 invalid_grant
    Res wrong = tokenFor("admin", "wrong", "");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body().path("error").asText()).isEqualTo("invalid_grant");
    assertThat(wrong.body().path("error_description").asText()).isNotEmpty();
    Res ok =
        tokenFor(
            "admin", "admin-pass", "&scope=project:4d657461-0000-0000-0000-000000000002&ttl=1");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(ok.body().path("expires_in").asInt()).isEqualTo(1);
    assertThat(ok.body().path("expires_at").isIntegralNumber()).isTrue();
    assertThat(ok.body().path("expires_at").asLong())
        .isBetween(
            java.time.Instant.now().getEpochSecond() - 5,
            java.time.Instant.now().getEpochSecond() + 5);
    String shortLived = ok.body().path("access_token").asText();

    Res info = call(shortLived, "GET", "/v1/iam/clients/default/actions/introspection", null);
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.body().path("project_id").asText())
        .isEqualTo("4d657461-0000-0000-0000-000000000002");
    assertThat(info.body().path("user_info").path("name").asText()).isEqualTo("admin");

    assertThat(call(null, "GET", "/v1/compute/sets/", null).status()).isEqualTo(401);
    assertThat(call("not-a-token", "GET", "/v1/compute/sets/", null).status()).isEqualTo(401);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> call(shortLived, "GET", "/v1/compute/sets/", null).status() == 401);
    assertThat(call(shortLived, "GET", "/v1/compute/sets/", null).body().path("message").asText())
        .contains("expired");

    String form =
        "grant_type=refresh_token&refresh_token=" + ok.body().path("refresh_token").asText();
    Res refreshed =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        core.endpoint()
                            + "/api/core/v1/iam/clients/default/actions/get_token/invoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(
            call(refreshed.body().path("access_token").asText(), "GET", "/v1/compute/sets/", null)
                .status())
        .isEqualTo(200);
    // JSON instead of a form is refused, as the real endpoint only reads forms.
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create(
                            core.loadBalancerEndpoint()
                                + "/v1/iam/clients/default/actions/get_token/invoke"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")))
                .status())
        .isEqualTo(400);
  }

  @Test
  void theDefaultClientAliasResolvesOnlyBehindTheLoadBalancer() throws Exception {
    String form = "grant_type=password&username=admin&password=admin-pass";
    Res direct =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        core.endpoint() + "/v1/iam/clients/default/actions/get_token/invoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(direct.status()).isEqualTo(400);
    assertThat(direct.body().path("message").asText())
        .isEqualTo("Can't parse value: uuid=default.");
    Res byUuid =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        core.endpoint()
                            + "/v1/iam/clients/"
                            + core.clientUuid()
                            + "/actions/get_token/invoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(byUuid.status()).isEqualTo(200);
  }

  @Test
  void anUnscopedTokenCannotCreateNodeSets() throws Exception {
    String unscoped = tokenFor("admin", "admin-pass", "").body().path("access_token").asText();
    Res refused =
        call(unscoped, "POST", "/v1/compute/sets/", setBody(UUID.randomUUID().toString(), "u", 1));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("message").asText()).contains("project_id is required");
  }

  @Test
  void invalidNodeSets() throws Exception {
    String base = setBody(UUID.randomUUID().toString(), "bad", 1);
    List<String> bad = new ArrayList<>();
    bad.add(
        base.replace("\"image\": \"http://repo/rustfs.raw.zst\", ", "")); // root disk without image
    bad.add(base.replace("\"label\": \"data\"", "\"label\": \"root\"")); // duplicate label
    bad.add(
        base.replace(
            "{\"size\": 10, \"label\": \"data\"}",
            "{\"size\": 10, \"label\": \"data\", \"fs\": \"ext4\", \"image\": \"x\"}")); // fs and
    // image
    bad.add(base.replace("\"kind\": \"disks\"", "\"kind\": \"raid\"")); // unknown kind
    bad.add(
        base.replace("{\"size\": 10, \"label\": \"data\"}", "{\"label\": \"data\"}")); // no size
    bad.add(base.replace("\"cores\": 1", "\"cores\": 0")); // cores out of range
    bad.add(base.replace("\"uuid\": \"", "\"uuid\": \"x")); // not a uuid
    for (String b : bad) {
      assertThat(call("POST", "/v1/compute/sets/", b).status()).as(b).isEqualTo(400);
    }
    assertThat(
            call(
                    "POST",
                    "/v1/compute/sets/",
                    base.replace("\"replicas\": 1", "\"replicas\": 1, \"status\": \"ACTIVE\""))
                .status())
        .isEqualTo(403);
    String otherProject = "\"project_id\": \"" + UUID.randomUUID() + "\", \"replicas\": 1";
    Res foreign = call("POST", "/v1/compute/sets/", base.replace("\"replicas\": 1", otherProject));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.body().path("type").asText()).isEqualTo("Forbidden");
    assertThat(call("POST", "/v1/compute/sets/", base).status()).isEqualTo(201);
    assertThat(call("POST", "/v1/compute/sets/", base).status()).isEqualTo(409);
    assertThat(call("GET", "/v1/compute/sets/?flavor=x", null).status()).isEqualTo(400);
    assertThat(call("GET", "/v1/compute/sets/" + UUID.randomUUID(), null).status()).isEqualTo(404);
  }

  /**
   * PUT takes back what GET gave; only a changed read-only or create-only field is refused (403),
   * an unknown field is 400. Node sets and configs follow the same rules.
   */
  @Test
  void updateFieldRules() throws Exception {
    String setUuid = UUID.randomUUID().toString();
    String setPath = "/v1/compute/sets/" + setUuid;
    assertThat(call("POST", "/v1/compute/sets/", setBody(setUuid, "rules", 0)).status())
        .isEqualTo(201);
    JsonNode read = call("GET", setPath, null).body();
    assertThat(call("PUT", setPath, read).status()).isEqualTo(200);
    Res readOnly = call("PUT", setPath, "{\"status\": \"BOGUS\"}");
    assertThat(readOnly.status()).isEqualTo(403);
    assertThat(readOnly.body().path("type").asText()).isEqualTo("FieldPermissionError");
    assertThat(call("PUT", setPath, "{\"node_type\": \"HW\"}").status()).isEqualTo(403);
    assertThat(call("PUT", setPath, "{\"node_type\": \"VM\"}").status()).isEqualTo(200);
    Res unknown = call("PUT", setPath, "{\"flavor\": \"x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().path("message").asText()).isEqualTo("Unknown field 'flavor'");
    assertThat(call("PUT", setPath, "{\"cores\": 0}").status()).isEqualTo(400);
    Res renamed = call("PUT", setPath, "{\"name\": \"renamed\", \"cores\": 2}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().path("name").asText()).isEqualTo("renamed");
    assertThat(renamed.body().path("cores").asInt()).isEqualTo(2);

    String configUuid = UUID.randomUUID().toString();
    String configPath = "/v1/config/configs/" + configUuid;
    String node = UUID.randomUUID().toString();
    Res createdConfig = call("POST", "/v1/config/configs/", configBody(configUuid, node, "A=1\n"));
    assertThat(createdConfig.status()).isEqualTo(201);
    String plainUuid = UUID.randomUUID().toString();
    Res plain =
        call(
            "POST",
            "/v1/config/configs/",
            configBody(plainUuid, node, "B=1\n").replace(",\"mode\":\"0640\"", ""));
    assertThat(plain.body().path("mode").asText()).isEqualTo("0644"); // Core's default
    assertThat(call("DELETE", "/v1/config/configs/" + plainUuid, null).status()).isEqualTo(204);
    assertThat(call("PUT", configPath, call("GET", configPath, null).body()).status())
        .isEqualTo(200);
    String otherTarget = "{\"target\": {\"kind\": \"node\", \"node\": \"" + setUuid + "\"}}";
    assertThat(call("PUT", configPath, otherTarget).status()).isEqualTo(403);
    assertThat(call("PUT", configPath, "{\"flavor\": \"x\"}").status()).isEqualTo(400);
    Res moved = call("PUT", configPath, "{\"mode\": \"0600\"}");
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.body().path("mode").asText()).isEqualTo("0600");
    // an update forces NEW, as Core's controller does, so the renders are made again
    assertThat(moved.body().path("status").asText()).isEqualTo("NEW");
    assertThat(call("DELETE", configPath, null).status()).isEqualTo(204);
    assertThat(call("DELETE", setPath, null).status()).isEqualTo(204);
  }

  @Test
  void nodeSetStartsRustfsNodesFromConfigs() throws Exception {
    String setUuid = UUID.randomUUID().toString();
    Res created = call("POST", "/v1/compute/sets/", setBody(setUuid, "s3aas-dp-" + setUuid, 2));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("uuid").asText()).isEqualTo(setUuid);
    assertThat(created.body().path("status").asText()).isEqualTo("NEW");
    JsonNode active = awaitStatus("/v1/compute/sets/" + setUuid, "ACTIVE");
    List<String> nodeIds = new ArrayList<>();
    active.path("nodes").fieldNames().forEachRemaining(nodeIds::add);
    assertThat(nodeIds).hasSize(2);
    String ip0 = active.path("nodes").path(nodeIds.get(0)).path("ipv4").asText();
    assertThat(ip0).startsWith("127.20.");
    assertThat(call("GET", "/v1/compute/nodes/?node_set=" + setUuid, null).body()).hasSize(2);
    assertThat(call("GET", "/v1/compute/sets/?name=s3aas-dp-" + setUuid, null).body()).hasSize(1);

    String configUuid = UUID.randomUUID().toString();
    for (String node : nodeIds) {
      String uuid = node.equals(nodeIds.get(0)) ? configUuid : UUID.randomUUID().toString();
      assertThat(
              call("POST", "/v1/config/configs/", configBody(uuid, node, env("first-secret")))
                  .status())
          .isEqualTo(201);
    }
    awaitStatus("/v1/config/configs/" + configUuid, "ACTIVE");
    await().atMost(Duration.ofSeconds(5)).until(() -> core.rustfsNode(nodeIds.get(0)).isPresent());
    assertThat(core.rustfsNode(nodeIds.get(0)).orElseThrow().endpoint().toString())
        .isEqualTo("http://" + ip0 + ":9000");

    MinioClient s3 =
        MinioClient.builder()
            .endpoint("http://" + ip0 + ":9000")
            .region("us-east-1")
            .credentials("admin", "first-secret")
            .build();
    s3.makeBucket(MakeBucketArgs.builder().bucket("kept").build());
    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + ip0 + ":9000/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    // A new secret with on_change restarts RustFS with it; the data stays.
    JsonNode cfg = call("GET", "/v1/config/configs/" + configUuid, null).body();
    ((com.fasterxml.jackson.databind.node.ObjectNode) cfg.path("body"))
        .put("content", env("second-secret"));
    assertThat(
            call(
                    "PUT",
                    "/v1/config/configs/" + configUuid,
                    JSON.createObjectNode().set("body", cfg.path("body")))
                .status())
        .isEqualTo(200);
    MinioClient rotated =
        MinioClient.builder()
            .endpoint("http://" + ip0 + ":9000")
            .region("us-east-1")
            .credentials("admin", "second-secret")
            .build();
    await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(() -> rotated.bucketExists(BucketExistsArgs.builder().bucket("kept").build()));

    // Deleting the set stops its nodes.
    assertThat(call("DELETE", "/v1/compute/sets/" + setUuid, null).status()).isEqualTo(204);
    assertThat(core.rustfsNode(nodeIds.get(0))).isEmpty();
    assertThat(call("GET", "/v1/compute/sets/" + setUuid, null).status()).isEqualTo(404);
    assertThat(call("GET", "/v1/compute/nodes/" + nodeIds.get(0), null).status()).isEqualTo(404);
  }

  static String setConfigBody(String uuid, String setUuid, String content) throws Exception {
    return configBody(uuid, setUuid, content)
        .replace("\"kind\":\"node\",\"node\":", "\"kind\":\"node_set\",\"node_set\":");
  }

  static List<String> nodesOf(JsonNode set) {
    List<String> ids = new ArrayList<>();
    set.path("nodes").fieldNames().forEachRemaining(ids::add);
    return ids;
  }

  /**
   * A config may target a node set (Core's NodeSetTarget): it is rendered on each node the set has
   * when the config is new or changed, a node that joins later gets it only after the next PUT, and
   * a config for a set with no node is deleted.
   */
  @Test
  void configsTargetingANodeSet() throws Exception {
    String setUuid = UUID.randomUUID().toString();
    String setPath = "/v1/compute/sets/" + setUuid;
    assertThat(call("POST", "/v1/compute/sets/", setBody(setUuid, "targets", 2)).status())
        .isEqualTo(201);
    List<String> first = nodesOf(awaitStatus(setPath, "ACTIVE"));
    assertThat(first).hasSize(2);

    String configUuid = UUID.randomUUID().toString();
    String configPath = "/v1/config/configs/" + configUuid;
    Res created =
        call("POST", "/v1/config/configs/", setConfigBody(configUuid, setUuid, env("set-secret")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("target").path("kind").asText()).isEqualTo("node_set");
    assertThat(created.body().path("target").path("node_set").asText()).isEqualTo(setUuid);
    awaitStatus(configPath, "ACTIVE");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> first.stream().allMatch(n -> core.rustfsNode(n).isPresent()));

    // a third node joins: Core renders only new or changed configs, so it waits for a PUT
    assertThat(call("PUT", setPath, "{\"replicas\": 3}").status()).isEqualTo(200);
    JsonNode[] grown = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              grown[0] = call("GET", setPath, null).body();
              return grown[0].path("status").asText().equals("ACTIVE")
                  && nodesOf(grown[0]).size() == 3;
            });
    String joined =
        nodesOf(grown[0]).stream().filter(n -> !first.contains(n)).findFirst().orElseThrow();
    assertThat(call("GET", configPath, null).body().path("status").asText()).isEqualTo("ACTIVE");
    assertThat(core.rustfsNode(joined)).isEmpty();
    Res again = call("PUT", configPath, call("GET", configPath, null).body());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("status").asText()).isEqualTo("NEW");
    awaitStatus(configPath, "ACTIVE");
    await().atMost(Duration.ofSeconds(5)).until(() -> core.rustfsNode(joined).isPresent());

    // a bad target is refused, naming the field
    String good = setConfigBody(UUID.randomUUID().toString(), setUuid, "A=1\n");
    for (String[] bad :
        new String[][] {
          {good.replace("\"kind\":\"node_set\"", "\"kind\":\"pool\""), "target.kind"},
          {good.replace("\"node_set\":\"" + setUuid, "\"node_set\":\"x"), "target.node_set"},
          {good.replace("\"node_set\":\"" + setUuid, "\"node\":\"" + setUuid), "target"},
          {
            good.replace("\"node_set\":\"", "\"node\":\"" + setUuid + "\",\"node_set\":\""),
            "target"
          }
        }) {
      Res refused = call("POST", "/v1/config/configs/", bad[0]);
      assertThat(refused.status()).as(bad[0]).isEqualTo(400);
      assertThat(refused.body().path("message").asText()).as(bad[0]).contains(bad[1]);
    }

    // a set without nodes: Core finds no owner alive and deletes the config
    String emptyUuid = UUID.randomUUID().toString();
    assertThat(call("POST", "/v1/compute/sets/", setBody(emptyUuid, "empty", 0)).status())
        .isEqualTo(201);
    String orphan = UUID.randomUUID().toString();
    assertThat(
            call("POST", "/v1/config/configs/", setConfigBody(orphan, emptyUuid, "A=1\n")).status())
        .isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> call("GET", "/v1/config/configs/" + orphan, null).status() == 404);

    assertThat(call("DELETE", configPath, null).status()).isEqualTo(204);
    assertThat(call("DELETE", setPath, null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/v1/compute/sets/" + emptyUuid, null).status()).isEqualTo(204);
  }

  /**
   * Core answers a disks spec exactly as sent, and a root_disk spec with its defaults filled in
   * (size 10, speed warm, ephemeral false).
   */
  @Test
  void diskSpecComesBackAsCoreStoresIt() throws Exception {
    String disksUuid = UUID.randomUUID().toString();
    String sent = setBody(disksUuid, "disks-answer", 0);
    assertThat(call("POST", "/v1/compute/sets/", sent).status()).isEqualTo(201);
    assertThat(call("GET", "/v1/compute/sets/" + disksUuid, null).body().path("disk_spec"))
        .isEqualTo(JSON.readTree(sent).path("disk_spec"));

    String rootUuid = UUID.randomUUID().toString();
    String root =
        sent.replace(disksUuid, rootUuid)
            .replaceAll(
                "(?s)\"disk_spec\": \\{.*}}",
                "\"disk_spec\": {\"kind\": \"root_disk\", \"image\": \"http://repo/i.raw\"}}");
    Res created = call("POST", "/v1/compute/sets/", root);
    assertThat(created.status()).as(root).isEqualTo(201);
    assertThat(call("GET", "/v1/compute/sets/" + rootUuid, null).body().path("disk_spec"))
        .isEqualTo(
            JSON.readTree(
                """
                {"kind": "root_disk", "image": "http://repo/i.raw", "size": 10,
                 "speed": "warm", "ephemeral": false}"""));
    assertThat(call("DELETE", "/v1/compute/sets/" + disksUuid, null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/v1/compute/sets/" + rootUuid, null).status()).isEqualTo(204);
  }

  @Test
  void faults() throws Exception {
    core.failNextNodeSets(1);
    String failing = UUID.randomUUID().toString();
    call("POST", "/v1/compute/sets/", setBody(failing, "failing", 1));
    awaitStatus("/v1/compute/sets/" + failing, "ERROR");

    String setUuid = UUID.randomUUID().toString();
    call("POST", "/v1/compute/sets/", setBody(setUuid, "lossy", 1));
    JsonNode active = awaitStatus("/v1/compute/sets/" + setUuid, "ACTIVE");
    String lost = active.path("nodes").fieldNames().next();
    core.loseNode(lost);
    assertThat(call("GET", "/v1/compute/nodes/" + lost, null).status()).isEqualTo(404);
    JsonNode healed = awaitStatus("/v1/compute/sets/" + setUuid, "ACTIVE");
    assertThat(healed.path("nodes").has(lost)).isFalse();
    assertThat(healed.path("nodes").size()).isEqualTo(1);

    core.faults().failNext("ListNodeSets", 503, 1);
    assertThat(call("GET", "/v1/compute/sets/", null).status()).isEqualTo(503);
    assertThat(call("GET", "/v1/compute/sets/", null).status()).isEqualTo(200);
    assertThat(core.calls().count("CreateNodeSet")).isGreaterThanOrEqualTo(2);
  }
}
