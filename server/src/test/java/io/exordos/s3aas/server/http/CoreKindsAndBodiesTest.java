package io.exordos.s3aas.server.http;

import static io.exordos.s3aas.testsupport.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core kinds (Secret, Namespace, Event, Lease) are checked against their Kubernetes schemas
 * with the same pruning and fieldValidation as the s3aas kinds, and a body is read only when it is
 * exactly one value of a media type the API accepts.
 */
class CoreKindsAndBodiesTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final String EVENTS = "/api/v1/namespaces/default/events";
  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
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
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String secret(String name, String extra) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\""
        + name
        + "\"},\"stringData\":{\"k\":\"v\"}"
        + extra
        + "}";
  }

  private static void assertInvalid(Response r, String field) {
    assertThat(r.status()).as("%s", r).isEqualTo(422);
    assertThat(
            StreamSupport.stream(r.json().at("/details/causes").spliterator(), false)
                .map(c -> c.path("field").asText()))
        .as("%s", r)
        .contains(field);
  }

  private static void assertNotStored(String collection, String name) {
    assertThat(api.get(collection + "/" + name).status()).isEqualTo(404);
  }

  @Test
  void strictRefusesUnknownFieldsOfASecretAndTheDefaultPrunesThem() {
    String strict = name();
    Response r =
        api.send(
            "POST", SECRETS + "?fieldValidation=Strict", JSON, secret(strict, ",\"colour\":1"));
    assertInvalid(r, "colour");
    assertNotStored(SECRETS, strict);

    String lax = name();
    Response created = api.send("POST", SECRETS, JSON, secret(lax, ",\"colour\":1"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(api.get(SECRETS + "/" + lax).json().has("colour")).isFalse();
  }

  @Test
  void coreKindsAreCheckedAgainstTheirSchemas() {
    String ns = name();
    assertInvalid(
        api.send(
            "POST",
            NAMESPACES,
            JSON,
            "{\"metadata\":{\"name\":\"" + ns + "\"},\"spec\":{\"finalizers\":\"x\"}}"),
        "spec.finalizers");
    assertNotStored(NAMESPACES, ns);
    String ev = name();
    assertInvalid(
        api.send(
            "POST",
            EVENTS,
            JSON,
            "{\"metadata\":{\"name\":\"" + ev + "\"},\"count\":\"many\",\"message\":\"m\"}"),
        "count");
    String lease = name();
    assertInvalid(
        api.send(
            "POST",
            LEASES,
            JSON,
            "{\"metadata\":{\"name\":\""
                + lease
                + "\"},\"spec\":{\"leaseDurationSeconds\":\"long\"}}"),
        "spec.leaseDurationSeconds");
    assertInvalid(
        api.send("POST", SECRETS, JSON, secret(name(), ",\"immutable\":\"no\"")), "immutable");
  }

  @Test
  void aBodyIsExactlyOneValue() {
    String name = name();
    Response garbage = api.send("POST", SECRETS, JSON, secret(name, "") + "GARBAGE");
    assertThat(garbage.status()).as("%s", garbage).isEqualTo(400);
    Response two = api.send("POST", SECRETS, JSON, secret(name, "") + secret(name, ""));
    assertThat(two.status()).as("%s", two).isEqualTo(400);
    assertNotStored(SECRETS, name);
  }

  @Test
  void unsupportedMediaTypesAre415() {
    String name = name();
    Response text = api.send("POST", SECRETS, "text/plain", secret(name, ""));
    assertThat(text.status()).as("%s", text).isEqualTo(415);
    assertThat(text.text("/reason")).isEqualTo("UnsupportedMediaType");
    assertNotStored(SECRETS, name);

    Response yaml =
        api.send(
            "POST",
            SECRETS,
            "application/yaml; charset=utf-8",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n");
    assertThat(yaml.status()).as("%s", yaml).isEqualTo(201);
    Response patch = api.send("PATCH", SECRETS + "/" + name, "text/plain", "{}");
    assertThat(patch.status()).as("%s", patch).isEqualTo(415);
  }
}
