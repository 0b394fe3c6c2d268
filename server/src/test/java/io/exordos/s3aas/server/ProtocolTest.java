package io.exordos.s3aas.server;

import static io.exordos.s3aas.testsupport.ApiClient.APPLY;
import static io.exordos.s3aas.testsupport.ApiClient.JSON_PATCH;
import static io.exordos.s3aas.testsupport.ApiClient.MERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes protocol details clients rely on, checked over plain HTTP requests. */
class ProtocolTest {
  private static final String GROUP_PATH = "/apis/s3aas.exordos.io/v1alpha1";
  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  static String instances(String ns) {
    return GROUP_PATH + "/namespaces/" + ns + "/s3instances";
  }

  static String instance(String ns, String name) {
    return instances(ns) + "/" + name;
  }

  static ObjectNode newInstance(String name) {
    ObjectNode o = ApiClient.mapper().createObjectNode();
    o.put("apiVersion", "s3aas.exordos.io/v1alpha1").put("kind", "S3Instance");
    o.putObject("metadata").put("name", name);
    o.putObject("spec").put("version", "0.0.1").put("bucketName", name + "-bkt");
    return o;
  }

  static String namespace() {
    String ns = "p-" + UUID.randomUUID().toString().substring(0, 8);
    Response r = api.post("/api/v1/namespaces", Map.of("metadata", Map.of("name", ns)));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return ns;
  }

  static Response create(String ns, ObjectNode o) {
    Response r = api.post(instances(ns), o);
    assertThat(r.status()).as("create: %s", r).isEqualTo(201);
    return r;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<String> causeFields(Response r) {
    return StreamSupport.stream(r.json().at("/details/causes").spliterator(), false)
        .map(c -> c.path("field").asText())
        .toList();
  }

  static void assertStatus(Response r, int code, String reason) {
    assertThat(r.status()).as("%s", r).isEqualTo(code);
    assertThat(r.text("/kind")).isEqualTo("Status");
    assertThat(r.text("/status")).isEqualTo("Failure");
    assertThat(r.json().path("code").asInt()).isEqualTo(code);
    assertThat(r.text("/reason")).isEqualTo(reason);
  }

  // ---------------------------------------------------------------- authentication

  @Test
  void requestsWithoutAValidTokenAre401() {
    Response none = api.send("GET", instances("default"), null, null, false);
    assertStatus(none, 401, "Unauthorized");
    Response wrong =
        new ApiClient(server.url(), "not-the-token-at-all", server.caPem())
            .get(instances("default"));
    assertStatus(wrong, 401, "Unauthorized");
    assertThat(api.get(instances("default")).status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- CRUD basics

  @Test
  void createSetsSystemMetadataAndMissingObjectsAre404() {
    Response r = create("default", newInstance("meta-" + suffix()));
    JsonNode meta = r.json().path("metadata");
    assertThat(meta.path("uid").asText()).matches("[0-9a-f-]{36}");
    assertThat(meta.path("generation").asLong()).isEqualTo(1);
    assertThat(meta.path("creationTimestamp").asText()).isNotEmpty();
    assertThat(meta.path("namespace").asText()).isEqualTo("default");
    assertThat(Long.parseLong(meta.path("resourceVersion").asText())).isPositive();
    assertThat(r.json().at("/spec/diskSizeGb").asInt()).as("schema default applied").isEqualTo(10);

    Response again = api.post(instances("default"), newInstance(meta.path("name").asText()));
    assertStatus(again, 409, "AlreadyExists");

    Response missing = api.get(instance("default", "no-such-instance"));
    assertStatus(missing, 404, "NotFound");
    assertThat(missing.text("/details/name")).isEqualTo("no-such-instance");
    assertThat(missing.text("/details/group")).isEqualTo("s3aas.exordos.io");
  }

  @Test
  void createInANamespaceThatDoesNotExistIs404ForTheNamespace() {
    Response r = api.post(instances("no-such-project"), newInstance("orphan-" + suffix()));
    assertStatus(r, 404, "NotFound");
    assertThat(r.text("/message")).isEqualTo("namespaces \"no-such-project\" not found");
    Response dry =
        api.post(instances("no-such-project") + "?dryRun=All", newInstance("orphan-" + suffix()));
    assertStatus(dry, 404, "NotFound");
  }

  // ---------------------------------------------------------------- optimistic concurrency

  @Test
  void staleResourceVersionOnPutIs409Conflict() {
    String name = "stale-put-" + suffix();
    Response created = create("default", newInstance(name));
    ObjectNode v1 = (ObjectNode) created.json();
    ObjectNode first = v1.deepCopy();
    first.withObjectProperty("spec").put("versioning", true);
    Response ok = api.put(instance("default", name), first);
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.rv()).isNotEqualTo(created.rv());

    ObjectNode stale = v1.deepCopy();
    stale.withObjectProperty("spec").put("encryption", "aes256");
    Response conflict = api.put(instance("default", name), stale);
    assertStatus(conflict, 409, "Conflict");
    assertThat(conflict.text("/message")).contains("the object has been modified");
    assertThat(api.get(instance("default", name)).json().at("/spec/encryption").asText())
        .isEqualTo("none");
  }

  @Test
  void jsonPatchWithStaleResourceVersionAddIs409() {
    String name = "stale-jp-" + suffix();
    Response created = create("default", newInstance(name));
    api.patch(
        instance("default", name),
        MERGE,
        Map.of("metadata", Map.of("labels", Map.of("touched", "yes"))));

    String stalePatch =
        "[{\"op\":\"add\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
            + created.rv()
            + "\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/versioning\",\"value\":true}]";
    assertStatus(api.patch(instance("default", name), JSON_PATCH, stalePatch), 409, "Conflict");

    String current = api.get(instance("default", name)).rv();
    String freshPatch = stalePatch.replace("\"" + created.rv() + "\"", "\"" + current + "\"");
    Response ok = api.patch(instance("default", name), JSON_PATCH, freshPatch);
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.json().at("/spec/versioning").asBoolean()).isTrue();
  }

  @Test
  void mergePatchWithStaleResourceVersionIs409() {
    String name = "stale-mp-" + suffix();
    Response created = create("default", newInstance(name));
    api.patch(instance("default", name), MERGE, Map.of("spec", Map.of("versioning", true)));
    Response r =
        api.patch(
            instance("default", name),
            MERGE,
            Map.of(
                "metadata",
                Map.of("resourceVersion", created.rv()),
                "spec",
                Map.of("encryption", "aes256")));
    assertStatus(r, 409, "Conflict");
  }

  // ---------------------------------------------------------------- validation

  @Test
  void metricsTimeStoreStatementsByKind() {
    create("default", newInstance("metrics-" + suffix()));
    Response m = api.get("/metrics");
    assertThat(m.status()).isEqualTo(200);
    // the create ran as one call of the write function create_object, timed as a write
    assertThat(m.body())
        .containsPattern("s3aas_store_queries_seconds_count\\{kind=\"write\"[^}]*} [1-9]");
  }

  @Test
  void invalidSpecIs422WithACausePerField() {
    ObjectNode bad = newInstance("invalid-" + suffix());
    bad.withObjectProperty("spec")
        .put("version", "latest")
        .put("cpu", 0)
        .put("encryption", "des")
        .put("nodes", "three");
    Response r = api.post(instances("default"), bad);
    assertStatus(r, 422, "Invalid");
    assertThat(causeFields(r))
        .contains("spec.version", "spec.cpu", "spec.encryption", "spec.nodes");
    assertThat(r.text("/message"))
        .contains("spec.version")
        .contains("spec.cpu")
        .contains("spec.encryption");
    assertThat(r.text("/details/kind")).isEqualTo("S3Instance");

    ObjectNode missing = newInstance("no-version-" + suffix());
    missing.withObjectProperty("spec").remove("version");
    Response r2 = api.post(instances("default"), missing);
    assertStatus(r2, 422, "Invalid");
    assertThat(causeFields(r2)).contains("spec.version");

    // a setting no RustFS node can enforce is refused rather than stored and ignored
    ObjectNode mfa = newInstance("mfa-" + suffix());
    mfa.withObjectProperty("spec").put("mfaDelete", true);
    Response r3 = api.post(instances("default"), mfa);
    assertStatus(r3, 422, "Invalid");
    assertThat(causeFields(r3)).containsExactly("spec.mfaDelete");
    assertThat(r3.text("/message")).contains("MFA delete");

    assertStatus(api.get(instance("default", bad.at("/metadata/name").asText())), 404, "NotFound");
  }

  @Test
  void unknownFieldsAreRefusedWithStrictValidationAndDroppedOtherwise() {
    ObjectNode o = newInstance("unknown-" + suffix());
    o.withObjectProperty("spec").put("colour", "blue");
    Response strict = api.post(instances("default") + "?fieldValidation=Strict", o);
    assertStatus(strict, 422, "Invalid");
    assertThat(strict.text("/message")).contains("spec.colour");

    Response lax = api.post(instances("default"), o);
    assertThat(lax.status()).isEqualTo(201);
    assertThat(lax.json().at("/spec").has("colour")).isFalse();
  }

  @Test
  void immutableFieldsCannotChange() {
    String name = "immutable-" + suffix();
    create("default", newInstance(name));
    Response version =
        api.patch(instance("default", name), MERGE, Map.of("spec", Map.of("version", "0.0.2")));
    assertStatus(version, 422, "Invalid");
    assertThat(causeFields(version)).containsExactly("spec.version");
    assertThat(version.text("/message")).contains("immutable");

    Response bucket =
        api.patch(
            instance("default", name), MERGE, Map.of("spec", Map.of("bucketName", "other-bucket")));
    assertStatus(bucket, 422, "Invalid");
    assertThat(causeFields(bucket)).containsExactly("spec.bucketName");

    // a mutable field is validated on update as on create
    Response encryption =
        api.patch(instance("default", name), MERGE, Map.of("spec", Map.of("encryption", "rot13")));
    assertStatus(encryption, 422, "Invalid");
    assertThat(causeFields(encryption)).containsExactly("spec.encryption");
    assertThat(encryption.text("/message")).contains("rot13");

    JsonNode stored = api.get(instance("default", name)).json();
    assertThat(stored.at("/spec/version").asText()).isEqualTo("0.0.1");
    assertThat(stored.at("/spec/encryption").asText()).isEqualTo("none");
    assertThat(stored.at("/spec/bucketName").asText()).isEqualTo(name + "-bkt");
  }

  @Test
  void diskCanGrowButNeverShrink() {
    String name = "disk-" + suffix();
    ObjectNode o = newInstance(name);
    o.withObjectProperty("spec").put("diskSizeGb", 20);
    create("default", o);
    Response shrink =
        api.patch(instance("default", name), MERGE, Map.of("spec", Map.of("diskSizeGb", 15)));
    assertStatus(shrink, 422, "Invalid");
    assertThat(causeFields(shrink)).containsExactly("spec.diskSizeGb");
    Response grow =
        api.patch(instance("default", name), MERGE, Map.of("spec", Map.of("diskSizeGb", 40)));
    assertThat(grow.status()).as("%s", grow).isEqualTo(200);
    assertThat(grow.json().at("/spec/diskSizeGb").asInt()).isEqualTo(40);
  }

  // ---------------------------------------------------------------- generation and status

  @Test
  void generationBumpsOnlyOnSpecChanges() {
    String name = "gen-" + suffix();
    create("default", newInstance(name));
    String path = instance("default", name);
    Response labels =
        api.patch(
            path,
            MERGE,
            Map.of(
                "metadata", Map.of("labels", Map.of("a", "b"), "annotations", Map.of("x", "y"))));
    assertThat(labels.json().at("/metadata/generation").asLong()).isEqualTo(1);
    Response status =
        api.patch(path + "/status", MERGE, Map.of("status", Map.of("phase", "CREATING")));
    assertThat(status.status()).as("%s", status).isEqualTo(200);
    assertThat(status.json().at("/metadata/generation").asLong()).isEqualTo(1);
    Response spec = api.patch(path, MERGE, Map.of("spec", Map.of("versioning", true)));
    assertThat(spec.json().at("/metadata/generation").asLong()).isEqualTo(2);
    Response same = api.patch(path, MERGE, Map.of("spec", Map.of("versioning", true)));
    assertThat(same.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(same.rv()).as("a no-op patch writes nothing").isEqualTo(spec.rv());
  }

  @Test
  void statusSubresourceWritesOnlyStatusAndTheMainResourceIgnoresStatus() {
    String name = "status-" + suffix();
    create("default", newInstance(name));
    String path = instance("default", name);

    ObjectNode current = (ObjectNode) api.get(path).json();
    ObjectNode viaStatus = current.deepCopy();
    viaStatus.withObjectProperty("spec").put("versioning", true);
    viaStatus.withObjectProperty("metadata").withObjectProperty("labels").put("sneaky", "yes");
    viaStatus.putObject("status").put("phase", "ACTIVE").put("endpoint", "http://10.0.0.1:9000");
    Response put = api.put(path + "/status", viaStatus);
    assertThat(put.status()).as("%s", put).isEqualTo(200);
    assertThat(put.json().at("/status/phase").asText()).isEqualTo("ACTIVE");
    assertThat(put.json().at("/spec/versioning").asBoolean()).isFalse();
    assertThat(put.json().at("/metadata/labels").has("sneaky")).isFalse();

    ObjectNode viaMain = (ObjectNode) put.json().deepCopy();
    viaMain.withObjectProperty("status").put("phase", "ERROR");
    viaMain.withObjectProperty("spec").put("versioning", true);
    Response main = api.put(path, viaMain);
    assertThat(main.status()).as("%s", main).isEqualTo(200);
    assertThat(main.json().at("/spec/versioning").asBoolean()).isTrue();
    assertThat(main.json().at("/status/phase").asText()).isEqualTo("ACTIVE");

    Response badStatus =
        api.patch(path + "/status", MERGE, Map.of("status", Map.of("phase", "SLEEPING")));
    assertStatus(badStatus, 422, "Invalid");
    assertThat(causeFields(badStatus)).contains("status.phase");
  }

  // ---------------------------------------------------------------- finalizers and deletion

  @Test
  void deleteWithFinalizersWaitsForTheLastFinalizer() {
    String ns = namespace();
    String name = "fin";
    ObjectNode o = newInstance(name);
    o.withObjectProperty("metadata")
        .putArray("finalizers")
        .add("s3aas.exordos.io/a")
        .add("s3aas.exordos.io/b");
    Response created = create(ns, o);
    String path = instance(ns, name);

    try (ApiClient.Watch watch =
        api.watch(instances(ns) + "?watch=true&resourceVersion=" + created.rv())) {
      Response deleting = api.delete(path);
      assertThat(deleting.status()).as("%s", deleting).isEqualTo(200);
      assertThat(deleting.json().at("/metadata/deletionTimestamp").asText()).isNotEmpty();
      Response still = api.get(path);
      assertThat(still.status()).isEqualTo(200);
      assertThat(still.json().at("/metadata/deletionTimestamp").asText()).isNotEmpty();

      // While deleting, finalizers may be removed one by one.
      String rv = still.rv();
      Response one =
          api.patch(
              path,
              JSON_PATCH,
              "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"},{\"op\":\"add\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                  + rv
                  + "\"}]");
      assertThat(one.status()).as("%s", one).isEqualTo(200);
      assertThat(api.get(path).status()).isEqualTo(200);
      // As in Kubernetes, no new finalizer may be added once deletion has started.
      Response addAgain =
          api.patch(
              path,
              MERGE,
              Map.of(
                  "metadata",
                  Map.of("finalizers", List.of("s3aas.exordos.io/b", "s3aas.exordos.io/new"))));
      assertStatus(addAgain, 422, "Invalid");
      assertThat(causeFields(addAgain)).containsExactly("metadata.finalizers");

      Response last = api.patch(path, MERGE, Map.of("metadata", Map.of("finalizers", List.of())));
      assertThat(last.status()).as("%s", last).isEqualTo(200);
      assertStatus(api.get(path), 404, "NotFound");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> watch.summary().contains("DELETED " + name));
      List<JsonNode> events = watch.events();
      assertThat(watch.summary().get(0)).isEqualTo("MODIFIED " + name);
      assertThat(events.get(0).at("/object/metadata/deletionTimestamp").asText()).isNotEmpty();
      JsonNode deleted = events.get(events.size() - 1);
      assertThat(deleted.path("type").asText()).isEqualTo("DELETED");
      assertThat(Long.parseLong(deleted.at("/object/metadata/resourceVersion").asText()))
          .as("DELETED carries a new resourceVersion")
          .isGreaterThan(
              Long.parseLong(
                  events.get(events.size() - 2).at("/object/metadata/resourceVersion").asText()));
    }
  }

  @Test
  void deleteWithoutFinalizersRemovesAtOnce() {
    String name = "plain-del-" + suffix();
    create("default", newInstance(name));
    Response r = api.delete(instance("default", name));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertStatus(api.get(instance("default", name)), 404, "NotFound");
    assertStatus(api.delete(instance("default", name)), 404, "NotFound");
  }

  // ---------------------------------------------------------------- lists and watches

  @Test
  void pagedListsShowOneConsistentSnapshot() {
    String ns = namespace();
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      Response r = create(ns, newInstance(String.format("page-%02d", i)));
      expected.put(r.json().at("/metadata/name").asText(), r.rv());
    }
    Response first = api.get(instances(ns) + "?limit=10");
    assertThat(first.status()).isEqualTo(200);
    String listRv = first.text("/metadata/resourceVersion");
    String token = first.text("/metadata/continue");
    assertThat(token).isNotEmpty();
    assertThat(first.json().path("items").size()).isEqualTo(10);

    // Changes after the first page must not show in later pages of the same list.
    api.delete(instance(ns, "page-15"));
    api.patch(
        instance(ns, "page-20"),
        MERGE,
        Map.of("metadata", Map.of("labels", Map.of("late", "yes"))));
    create(ns, newInstance("page-17a"));

    Map<String, String> seen = new HashMap<>();
    List<String> order = new ArrayList<>();
    Response page = first;
    int pages = 1;
    while (true) {
      for (JsonNode item : page.json().path("items")) {
        seen.put(item.at("/metadata/name").asText(), item.at("/metadata/resourceVersion").asText());
        order.add(item.at("/metadata/name").asText());
      }
      String next = page.text("/metadata/continue");
      if (next.isEmpty()) {
        break;
      }
      page = api.get(instances(ns) + "?limit=10&continue=" + q(next));
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      assertThat(page.text("/metadata/resourceVersion")).isEqualTo(listRv);
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(expected);
    assertThat(order).isSorted();

    Response fresh = api.get(instances(ns));
    List<String> now =
        StreamSupport.stream(fresh.json().path("items").spliterator(), false)
            .map(i -> i.at("/metadata/name").asText())
            .toList();
    assertThat(now).contains("page-17a").doesNotContain("page-15").hasSize(25);
  }

  @Test
  void labelSelectorsFilterListsAndWatches() {
    String ns = namespace();
    for (String[] spec :
        new String[][] {{"g1", "gold"}, {"g2", "gold"}, {"s1", "silver"}, {"n1", null}}) {
      ObjectNode o = newInstance(spec[0]);
      if (spec[1] != null) {
        o.withObjectProperty("metadata").putObject("labels").put("tier", spec[1]);
      }
      create(ns, o);
    }
    assertThat(names(api.get(instances(ns) + "?labelSelector=" + q("tier=gold"))))
        .containsExactly("g1", "g2");
    assertThat(names(api.get(instances(ns) + "?labelSelector=" + q("tier!=gold"))))
        .containsExactly("n1", "s1");
    assertThat(names(api.get(instances(ns) + "?labelSelector=" + q("tier in (gold,silver)"))))
        .containsExactly("g1", "g2", "s1");
    assertThat(names(api.get(instances(ns) + "?labelSelector=" + q("!tier"))))
        .containsExactly("n1");
    assertThat(names(api.get(instances(ns) + "?fieldSelector=" + q("metadata.name=s1"))))
        .containsExactly("s1");
    assertStatus(api.get(instances(ns) + "?labelSelector=" + q("tier in gold")), 400, "BadRequest");

    String rv = api.get(instances(ns)).text("/metadata/resourceVersion");
    try (ApiClient.Watch watch =
            api.watch(
                instances(ns)
                    + "?watch=true&resourceVersion="
                    + rv
                    + "&labelSelector="
                    + q("tier=gold"));
        // Sees the same changes with their own types: an encoded event is shared by watchers
        // only when they send the same type.
        ApiClient.Watch all = api.watch(instances(ns) + "?watch=true&resourceVersion=" + rv)) {
      api.patch(
          instance(ns, "s1"),
          MERGE,
          Map.of("spec", Map.of("versioning", true))); // not gold: unseen
      api.patch(instance(ns, "g1"), MERGE, Map.of("spec", Map.of("versioning", true)));
      api.patch(
          instance(ns, "s1"),
          MERGE,
          Map.of("metadata", Map.of("labels", Map.of("tier", "gold")))); // joins
      api.patch(
          instance(ns, "g2"),
          MERGE,
          Map.of("metadata", Map.of("labels", Map.of("tier", "silver")))); // leaves
      api.patch(instance(ns, "n1"), MERGE, Map.of("spec", Map.of("versioning", true))); // unseen
      api.patch(
          instance(ns, "g1"), MERGE, Map.of("metadata", Map.of("labels", Map.of("done", "yes"))));
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.summary().size() >= 4);
      assertThat(watch.summary())
          .containsExactly("MODIFIED g1", "ADDED s1", "DELETED g2", "MODIFIED g1");
      await().atMost(Duration.ofSeconds(10)).until(() -> all.summary().size() >= 6);
      assertThat(all.summary())
          .containsExactly(
              "MODIFIED s1",
              "MODIFIED g1",
              "MODIFIED s1",
              "MODIFIED g2",
              "MODIFIED n1",
              "MODIFIED g1");
    }
  }

  @Test
  void watchFromAResourceVersionResumesWithoutGapsAndInOrder() {
    String ns = namespace();
    Response a = create(ns, newInstance("a"));
    create(ns, newInstance("b"));
    api.patch(instance(ns, "a") + "/status", MERGE, Map.of("status", Map.of("phase", "CREATING")));
    api.delete(instance(ns, "b"));
    try (ApiClient.Watch watch =
        api.watch(
            instances(ns) + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + a.rv())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> watch.summary().size() >= 3);
      assertThat(watch.summary()).containsExactly("ADDED b", "MODIFIED a", "DELETED b");
      long previous = 0;
      for (JsonNode e : watch.events()) {
        long rv = Long.parseLong(e.at("/object/metadata/resourceVersion").asText());
        assertThat(rv).isGreaterThan(previous);
        previous = rv;
      }
    }
    try (ApiClient.Watch zero = api.watch(instances(ns) + "?watch=true&resourceVersion=0")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !zero.summary().isEmpty());
      assertThat(zero.summary()).containsExactly("ADDED a");
    }
  }

  @Test
  void watchFromACompactedRevisionGetsAnExpiredErrorEvent() {
    String ns = namespace();
    Response first = create(ns, newInstance("old"));
    create(ns, newInstance("newer"));
    String latest = api.get(instances(ns)).text("/metadata/resourceVersion");
    // Compact the change log as the maintenance task does, then restart so no memory of it remains.
    server.db().execute("UPDATE compaction SET revision = ?", Long.parseLong(latest));
    server.db().execute("DELETE FROM changes WHERE revision <= ?", Long.parseLong(latest));
    server.restart();

    try (ApiClient.Watch watch =
        api.watch(instances(ns) + "?watch=true&resourceVersion=" + first.rv())) {
      assertThat(watch.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> !watch.events().isEmpty());
      JsonNode error = watch.events().get(0);
      assertThat(error.path("type").asText()).isEqualTo("ERROR");
      assertThat(error.at("/object/kind").asText()).isEqualTo("Status");
      assertThat(error.at("/object/code").asInt()).isEqualTo(410);
      assertThat(error.at("/object/reason").asText()).isEqualTo("Expired");
      await().atMost(Duration.ofSeconds(10)).until(watch::ended);
    }
    // A watch from the current revision still works after the compaction.
    try (ApiClient.Watch watch =
        api.watch(instances(ns) + "?watch=true&resourceVersion=" + latest)) {
      api.patch(instance(ns, "old"), MERGE, Map.of("spec", Map.of("versioning", true)));
      await().atMost(Duration.ofSeconds(10)).until(() -> !watch.events().isEmpty());
      assertThat(watch.summary()).containsExactly("MODIFIED old");
    }
  }

  static List<String> names(Response list) {
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    return StreamSupport.stream(list.json().path("items").spliterator(), false)
        .map(i -> i.at("/metadata/name").asText())
        .sorted()
        .toList();
  }

  // ---------------------------------------------------------------- secrets

  @Test
  void secretStringDataBecomesDataAndIsNeverStoredInTheClear() {
    String plaintext = "hunter2-" + UUID.randomUUID();
    String name = "creds-" + suffix();
    ObjectNode secret = ApiClient.mapper().createObjectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    ObjectNode meta = secret.putObject("metadata").put("name", name);
    secret.putObject("stringData").put("secretKey", plaintext);
    // kubectl apply records the applied manifest, stringData included, in this annotation.
    meta.putObject("annotations")
        .put("kubectl.kubernetes.io/last-applied-configuration", ApiClient.write(secret));

    Response r = api.post("/api/v1/namespaces/default/secrets", secret);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    String b64 = Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8));
    assertThat(r.json().has("stringData")).isFalse();
    assertThat(r.text("/data/secretKey")).isEqualTo(b64);
    assertThat(r.text("/type")).isEqualTo("Opaque");
    Response got = api.get("/api/v1/namespaces/default/secrets/" + name);
    assertThat(got.text("/data/secretKey")).isEqualTo(b64);
    assertThat(got.text("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"))
        .contains(plaintext);

    // An update through stringData lands in data too.
    String second = "second-" + UUID.randomUUID();
    Response upd =
        api.patch(
            "/api/v1/namespaces/default/secrets/" + name,
            MERGE,
            Map.of("stringData", Map.of("other", second)));
    assertThat(upd.status()).as("%s", upd).isEqualTo(200);
    assertThat(upd.text("/data/secretKey")).isEqualTo(b64);
    assertThat(
            new String(Base64.getDecoder().decode(upd.text("/data/other")), StandardCharsets.UTF_8))
        .isEqualTo(second);

    String b64second = Base64.getEncoder().encodeToString(second.getBytes(StandardCharsets.UTF_8));
    List<String> rows = new ArrayList<>();
    server
        .db()
        .query("SELECT object FROM resources WHERE name = ?", name)
        .forEach(row -> rows.add(row.get(0)));
    server
        .db()
        .query("SELECT object, coalesce(prev_object, '') FROM changes WHERE name = ?", name)
        .forEach(rows::addAll);
    assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
    for (String row : rows) {
      assertThat(row)
          .doesNotContain(plaintext)
          .doesNotContain(b64)
          .doesNotContain(second)
          .doesNotContain(b64second);
    }
  }

  // ---------------------------------------------------------------- what JOSDK and fabric8 send

  @Test
  void serverSideApplyAddsAFinalizerAsJosdkDoes() {
    String name = "ssa-" + suffix();
    ObjectNode o = newInstance(name);
    o.withObjectProperty("metadata").putArray("finalizers").add("other.example.com/keep");
    Response created = create("default", o);
    String path = instance("default", name);
    String body =
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"S3Instance\",\"metadata\":{\"finalizers\":"
            + "[\"s3instances.s3aas.exordos.io/finalizer\"],\"name\":\""
            + name
            + "\",\"namespace\":\"default\"}}";
    Response r = api.patch(path + "?fieldManager=s3instance&force=true", APPLY, body);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().at("/metadata/finalizers").toString())
        .isEqualTo("[\"other.example.com/keep\",\"s3instances.s3aas.exordos.io/finalizer\"]");
    assertThat(r.json().at("/spec/version").asText()).isEqualTo("0.0.1");
    assertThat(r.json().at("/metadata/generation").asLong()).isEqualTo(1);

    // Status by SSA, carrying the whole object with its resourceVersion, as JOSDK sends it.
    ObjectNode status = (ObjectNode) r.json().deepCopy();
    status.putObject("status").put("phase", "CREATING").put("observedGeneration", 1);
    Response s = api.patch(path + "/status?fieldManager=s3instance&force=true", APPLY, status);
    assertThat(s.status()).as("%s", s).isEqualTo(200);
    assertThat(s.json().at("/status/phase").asText()).isEqualTo("CREATING");
    assertThat(
            api.patch(path + "/status?fieldManager=s3instance&force=true", APPLY, status).status())
        .as("stale RV")
        .isEqualTo(409);

    // JOSDK removes its finalizer with a JSON patch and an RV precondition.
    Response remove =
        api.patch(
            path,
            JSON_PATCH,
            "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/1\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                + s.rv()
                + "\"}]");
    assertThat(remove.status()).as("%s", remove).isEqualTo(200);
    assertThat(remove.json().at("/metadata/finalizers").toString())
        .isEqualTo("[\"other.example.com/keep\"]");
    assertThat(created.rv()).isNotEqualTo(remove.rv());
  }

  @Test
  void selfSubjectRulesReviewAnswersResourceRules() {
    Response r =
        api.post(
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            Map.of(
                "apiVersion",
                "authorization.k8s.io/v1",
                "kind",
                "SelfSubjectRulesReview",
                "spec",
                Map.of("namespace", "operators")));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.text("/kind")).isEqualTo("SelfSubjectRulesReview");
    JsonNode rule = r.json().at("/status/resourceRules/0");
    assertThat(rule.path("verbs").toString()).contains("*");
    assertThat(rule.path("apiGroups").toString()).contains("*");
    assertThat(rule.path("resources").toString()).contains("*");
  }

  @Test
  void leasesSupportCreateAndRenewWithAResourceVersionPrecondition() {
    String ns = namespace();
    String leases = "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases";
    assertStatus(api.get(leases + "/op-lease"), 404, "NotFound");
    String acquire = "2026-11-28T05:48:07.027782Z";
    Response created =
        api.post(
            leases,
            Map.of(
                "apiVersion",
                "coordination.k8s.io/v1",
                "kind",
                "Lease",
                "metadata",
                Map.of("name", "op-lease", "namespace", ns),
                "spec",
                Map.of(
                    "acquireTime",
                    acquire,
                    "holderIdentity",
                    "operator-1",
                    "leaseDurationSeconds",
                    15,
                    "leaseTransitions",
                    0,
                    "renewTime",
                    acquire)));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.text("/spec/renewTime")).isEqualTo(acquire);

    String renew = "2026-11-28T05:48:09.123456Z";
    Response renewed =
        api.patch(
            leases + "/op-lease",
            MERGE,
            Map.of(
                "apiVersion",
                "coordination.k8s.io/v1",
                "kind",
                "Lease",
                "metadata",
                Map.of("name", "op-lease", "namespace", ns, "resourceVersion", created.rv()),
                "spec",
                Map.of("holderIdentity", "operator-1", "renewTime", renew)));
    assertThat(renewed.status()).as("%s", renewed).isEqualTo(200);
    assertThat(renewed.text("/spec/renewTime")).isEqualTo(renew);
    assertThat(renewed.text("/spec/acquireTime")).isEqualTo(acquire);

    Response stale =
        api.patch(
            leases + "/op-lease",
            MERGE,
            Map.of(
                "metadata",
                Map.of("resourceVersion", created.rv()),
                "spec",
                Map.of("holderIdentity", "operator-2")));
    assertStatus(stale, 409, "Conflict");
    assertThat(api.get(leases + "/op-lease").text("/spec/holderIdentity")).isEqualTo("operator-1");
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
