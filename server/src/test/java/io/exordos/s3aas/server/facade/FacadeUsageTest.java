package io.exordos.s3aas.server.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance and bucket GETs carry the usage the operator records in status, in the facade's
 * snake_case, next to the seed's fields (unchanged); the OpenAPI document describes it.
 */
class FacadeUsageTest {
  static final String I = "/v1/types/s3/instances";
  static TestServer server;
  static ApiClient owner;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    owner =
        new ApiClient(
            server.url(),
            server.server().tokens().create("proj-u", Role.OWNER, "usage", null).token(),
            null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** What the operator would do: write usage through the status subresource. */
  static void setUsage(String plural, String name, String usageJson) {
    var service = server.server().service();
    ResourceType t = service.registry().find("s3aas.exordos.io", "v1alpha1", plural).orElseThrow();
    ResourceKey key = new ResourceKey(t, "proj-u", name);
    ObjectNode o = service.get(key);
    ObjectNode status = o.putObject("status");
    status.put("phase", "ACTIVE");
    status.set("usage", ApiClient.json(usageJson));
    service.update(key, o, WriteOptions.DEFAULT, true);
  }

  @Test
  void getsCarryUsageInSnakeCase() {
    var created = owner.post(I, "{\"name\":\"u1\",\"version\":\"0.0.1\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    var made =
        owner.post(I + "/" + id + "/buckets", "{\"name\":\"u1-files\",\"quota_bytes\":1000}");
    assertThat(made.status()).isEqualTo(201);
    String bucketId = made.json().path("id").asText();
    // no usage reported yet: no field, rather than zeros
    assertThat(owner.get(I + "/" + id).json().has("usage")).isFalse();

    setUsage(
        "s3instances",
        id,
        """
        {"capacityBytes":1000,"usedBytes":850,"freeBytes":150,"usedPercent":85,"buckets":1,
         "objects":2,"bytes":900,"observedAt":"2026-12-07T10:00:00Z",
         "nodes":[{"node":"n1","capacityBytes":1000,"usedBytes":850,"freeBytes":150,"usedPercent":85}]}""");
    setUsage(
        "buckets",
        bucketId,
        """
        {"objects":2,"bytes":900,"versions":3,"deleteMarkers":1,
         "quota":{"usedBytes":900,"limitBytes":1000,"percent":90},"observedAt":"2026-12-07T10:00:00Z"}""");

    JsonNode inst = owner.get(I + "/" + id).json();
    assertThat(inst.path("name").asText()).isEqualTo("u1");
    assertThat(inst.at("/usage/used_percent").asInt()).isEqualTo(85);
    assertThat(inst.at("/usage/capacity_bytes").asLong()).isEqualTo(1000);
    assertThat(inst.at("/usage/nodes/0/free_bytes").asLong()).isEqualTo(150);
    assertThat(inst.at("/usage/observed_at").asText()).isEqualTo("2026-12-07T10:00:00Z");
    JsonNode bucket = owner.get(I + "/" + id + "/buckets/" + bucketId).json();
    assertThat(bucket.path("quota_bytes").asLong()).isEqualTo(1000);
    assertThat(bucket.at("/usage/delete_markers").asLong()).isEqualTo(1);
    assertThat(bucket.at("/usage/quota/limit_bytes").asLong()).isEqualTo(1000);
    assertThat(bucket.at("/usage/quota/percent").asInt()).isEqualTo(90);
    // listed the same way
    assertThat(owner.get(I + "/" + id + "/buckets").json().toString())
        .contains("\"delete_markers\":1");
  }

  @Test
  void usageIsReadOnlyAndDocumented() {
    var created = owner.post(I, "{\"name\":\"u2\",\"version\":\"0.0.1\"}");
    assertThat(created.status()).isEqualTo(201);
    var refused =
        owner.patch(
            I + "/" + created.json().path("id").asText(),
            ApiClient.JSON,
            "{\"usage\":{\"bytes\":1}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("usage");
    JsonNode doc = owner.get("/v1/openapi.json").json();
    assertThat(doc.at("/components/schemas/Bucket/properties/usage/description").asText())
        .contains("delete_markers", "limit_bytes");
    assertThat(doc.at("/components/schemas/Instance/properties/usage/type").asText())
        .isEqualTo("object");
  }

  @Test
  void theCapacityWarningThresholdIsAnInstanceField() {
    var created = owner.post(I, "{\"name\":\"u3\",\"version\":\"0.0.1\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("capacity_low_percent").asInt()).isEqualTo(80); // the default

    var changed = owner.patch(I + "/" + id, ApiClient.JSON, "{\"capacity_low_percent\":70}");
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(owner.get(I + "/" + id).json().path("capacity_low_percent").asInt()).isEqualTo(70);
    ResourceType instances =
        server
            .server()
            .service()
            .registry()
            .find("s3aas.exordos.io", "v1alpha1", "s3instances")
            .orElseThrow();
    assertThat(
            server
                .server()
                .service()
                .get(new ResourceKey(instances, "proj-u", id))
                .at("/spec/capacityLowPercent")
                .asInt())
        .isEqualTo(70);

    for (String bad : new String[] {"0", "101", "\"high\""}) {
      var refused =
          owner.patch(I + "/" + id, ApiClient.JSON, "{\"capacity_low_percent\":" + bad + "}");
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.json().path("field").asText()).isEqualTo("capacity_low_percent");
    }
    assertThat(owner.get(I + "/" + id).json().path("capacity_low_percent").asInt()).isEqualTo(70);
    JsonNode doc = owner.get("/v1/openapi.json").json();
    assertThat(
            doc.at("/components/schemas/Instance/properties/capacity_low_percent/description")
                .asText())
        .contains("CapacityLow");
  }
}
