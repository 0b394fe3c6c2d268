package io.exordos.s3aas.server.api;

import static io.exordos.s3aas.testsupport.ApiClient.JSON_PATCH;
import static io.exordos.s3aas.testsupport.ApiClient.MERGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Object metadata is checked as kube-apiserver checks it, for every kind: a malformed value is a
 * 422 naming the field and is never stored (a stored one could stop every client that lists the
 * kind, the operator first), and an update or patch cannot change which object it is.
 */
class MetadataValidationTest {
  private static final String BUCKETS =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets";
  private static final String INSTANCES =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/s3instances";
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final String NAMESPACES = "/api/v1/namespaces";

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

  private static String name() {
    return "m-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ObjectNode bucket(String name) {
    ObjectNode o = ApiClient.mapper().createObjectNode();
    o.put("apiVersion", "s3aas.exordos.io/v1alpha1").put("kind", "Bucket");
    o.putObject("metadata").put("name", name);
    o.putObject("spec").put("instanceRef", "some-instance");
    return o;
  }

  private static ObjectNode withMeta(ObjectNode o, String field, Object value) {
    ((ObjectNode) o.get("metadata")).set(field, ApiClient.mapper().valueToTree(value));
    return o;
  }

  private static List<String> causeFields(Response r) {
    return StreamSupport.stream(r.json().at("/details/causes").spliterator(), false)
        .map(c -> c.path("field").asText())
        .toList();
  }

  /** The write is refused with 422 naming {@code field}, and nothing was stored. */
  private static void assertRefused(String collection, ObjectNode body, String field) {
    Response r = api.post(collection, body);
    assertThat(r.status()).as("%s", r).isEqualTo(422);
    assertThat(r.text("/reason")).isEqualTo("Invalid");
    assertThat(causeFields(r)).as("%s", r).contains(field);
    String name = body.path("metadata").path("name").asText();
    assertThat(api.get(collection + "/" + name).status()).as("not stored").isEqualTo(404);
  }

  @Test
  void labelsAndAnnotationsMustBeMapsOfStrings() {
    assertRefused(BUCKETS, withMeta(bucket(name()), "labels", List.of("x")), "metadata.labels");
    ObjectNode instance = bucket(name());
    instance.put("kind", "S3Instance");
    instance.set("spec", ApiClient.mapper().createObjectNode().put("version", "0.0.1"));
    assertRefused(
        INSTANCES, withMeta(instance, "annotations", List.of("x")), "metadata.annotations");
    assertRefused(BUCKETS, withMeta(bucket(name()), "labels", Map.of("a", 1)), "metadata.labels.a");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "annotations", Map.of("a", Map.of("b", "c"))),
        "metadata.annotations.a");
  }

  @Test
  void labelKeysAndValuesFollowKubernetesSyntaxAndLimits() {
    assertRefused(
        BUCKETS, withMeta(bucket(name()), "labels", Map.of("a b", "x")), "metadata.labels");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "labels", Map.of("Bad_Prefix/a", "x")),
        "metadata.labels");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "labels", Map.of("a", "x".repeat(64))),
        "metadata.labels");
    assertRefused(
        BUCKETS, withMeta(bucket(name()), "labels", Map.of("a", "-x")), "metadata.labels");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "annotations", Map.of("a", "x".repeat(256 * 1024 + 1))),
        "metadata.annotations");
    Response ok =
        api.post(
            BUCKETS,
            withMeta(
                bucket(name()),
                "labels",
                Map.of("example.com/team", "a.b_c-1", "empty", "", "A", "Z")));
    assertThat(ok.status()).as("%s", ok).isEqualTo(201);
  }

  @Test
  void finalizersAreAListOfQualifiedNames() {
    assertRefused(BUCKETS, withMeta(bucket(name()), "finalizers", "x"), "metadata.finalizers");
    assertRefused(
        BUCKETS, withMeta(bucket(name()), "finalizers", List.of(5)), "metadata.finalizers[0]");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "finalizers", List.of("ok.io/f", "not ok")),
        "metadata.finalizers[1]");
  }

  @Test
  void ownerReferencesAreComplete() {
    assertRefused(
        BUCKETS,
        withMeta(
            bucket(name()),
            "ownerReferences",
            List.of(Map.of("apiVersion", "v1", "kind", "Secret", "name", "s"))),
        "metadata.ownerReferences[0].uid");
    assertRefused(
        BUCKETS, withMeta(bucket(name()), "ownerReferences", "x"), "metadata.ownerReferences");
    Map<String, Object> controller =
        Map.of("apiVersion", "v1", "kind", "Secret", "name", "s", "uid", "u", "controller", true);
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "ownerReferences", List.of(controller, controller)),
        "metadata.ownerReferences");
  }

  @Test
  void systemFieldsHaveTheirTypesAndACreateHasNoForeignRevision() {
    assertRefused(
        BUCKETS, withMeta(bucket(name()), "resourceVersion", "abc"), "metadata.resourceVersion");
    assertRefused(
        BUCKETS,
        withMeta(bucket(name()), "creationTimestamp", "yesterday"),
        "metadata.creationTimestamp");
    assertRefused(BUCKETS, withMeta(bucket(name()), "uid", List.of()), "metadata.uid");
    assertRefused(BUCKETS, withMeta(bucket(name()), "generation", "one"), "metadata.generation");
    ObjectNode generated = bucket("");
    ((ObjectNode) generated.get("metadata")).remove("name");
    Response r = api.post(BUCKETS, withMeta(generated, "generateName", "Not_Valid-"));
    assertThat(r.status()).as("%s", r).isEqualTo(422);
    assertThat(causeFields(r)).contains("metadata.generateName");
  }

  @Test
  void coreKindsAreCheckedToo() {
    ObjectNode secret = ApiClient.mapper().createObjectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", name()).set("labels", ApiClient.json("[\"a\"]"));
    assertRefused(SECRETS, secret, "metadata.labels");
    ObjectNode ns = ApiClient.mapper().createObjectNode();
    ns.putObject("metadata").put("name", name()).put("finalizers", "x");
    assertRefused(NAMESPACES, ns, "metadata.finalizers");
  }

  @Test
  void unknownMetadataFieldsArePrunedOrRefusedUnderStrict() {
    Response strict =
        api.post(BUCKETS + "?fieldValidation=Strict", withMeta(bucket(name()), "colour", "red"));
    assertThat(strict.status()).as("%s", strict).isEqualTo(422);
    assertThat(causeFields(strict)).contains("metadata.colour");
    Response lax = api.post(BUCKETS, withMeta(bucket(name()), "colour", "red"));
    assertThat(lax.status()).as("%s", lax).isEqualTo(201);
    assertThat(lax.json().path("metadata").has("colour")).isFalse();
  }

  @Test
  void updatesAndPatchesAreCheckedAndCannotChangeIdentity() {
    String name = name();
    Response created = api.post(BUCKETS, bucket(name));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String item = BUCKETS + "/" + name;

    Response labels = api.patch(item, MERGE, Map.of("metadata", Map.of("labels", List.of("x"))));
    assertThat(labels.status()).as("%s", labels).isEqualTo(422);
    assertThat(causeFields(labels)).contains("metadata.labels");

    Response uid =
        api.patch(
            item,
            JSON_PATCH,
            List.of(Map.of("op", "replace", "path", "/metadata/uid", "value", "other")));
    assertThat(uid.status()).as("%s", uid).isEqualTo(409);
    assertThat(uid.text("/message")).contains("metadata.uid");
    Response rename =
        api.patch(
            item,
            JSON_PATCH,
            List.of(Map.of("op", "replace", "path", "/metadata/name", "value", "other")));
    assertThat(rename.status()).as("%s", rename).isEqualTo(400);
    assertThat(rename.text("/message")).contains("metadata.name");
    Response move =
        api.patch(
            item,
            JSON_PATCH,
            List.of(
                Map.of("op", "replace", "path", "/metadata/namespace", "value", "kube-system")));
    assertThat(move.status()).as("%s", move).isEqualTo(400);
    assertThat(move.text("/message")).contains("metadata.namespace");

    ObjectNode put = (ObjectNode) api.get(item).json().deepCopy();
    withMeta(put, "finalizers", "x");
    Response replaced = api.put(item, put);
    assertThat(replaced.status()).as("%s", replaced).isEqualTo(422);
    assertThat(causeFields(replaced)).contains("metadata.finalizers");

    JsonNode stored = api.get(item).json();
    assertThat(stored.at("/metadata/resourceVersion").asText()).isEqualTo(created.rv());
  }
}
