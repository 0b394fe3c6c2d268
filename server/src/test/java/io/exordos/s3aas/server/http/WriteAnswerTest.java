package io.exordos.s3aas.server.http;

import static io.exordos.s3aas.testsupport.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answer to a write is the object exactly as a GET right after it serves it, byte for byte and
 * with the new resourceVersion (the server answers from the text it stored); a Secret's answer
 * shows its data as a GET does, and never the sealed form it is stored in.
 */
class WriteAnswerTest {
  private static final String BUCKETS =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets";
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final String MERGE = "application/merge-patch+json";

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
    return "w-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertAnswerIsTheStoredObject(Response answer, int status, String path) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    Response get = api.get(path);
    assertThat(answer.body()).isEqualTo(get.body());
    assertThat(answer.rv()).isNotEmpty().doesNotContain("~");
  }

  @Test
  void createUpdatePatchAndStatusAnswerWhatAGetServes() {
    String name = name();
    String path = BUCKETS + "/" + name;
    Response created =
        api.send(
            "POST",
            BUCKETS,
            JSON,
            "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"Bucket\",\"metadata\":{\"name\":\""
                + name
                + "\",\"annotations\":{\"a\":\"é\\\"~rv~\"}},\"spec\":{\"instanceRef\":\"data\"}}");
    assertAnswerIsTheStoredObject(created, 201, path);
    assertThat(created.json().at("/metadata/annotations/a").asText()).isEqualTo("é\"~rv~");

    // versioning is defaulted to false on create
    String body = created.body().replace("\"versioning\":false", "\"versioning\":true");
    assertThat(body).isNotEqualTo(created.body());
    Response updated = api.send("PUT", path, JSON, body);
    assertAnswerIsTheStoredObject(updated, 200, path);
    assertThat(updated.rv()).isNotEqualTo(created.rv());
    assertThat(updated.json().at("/metadata/generation").asLong()).isEqualTo(2);

    Response patched = api.send("PATCH", path, MERGE, "{\"metadata\":{\"labels\":{\"b\":\"c\"}}}");
    assertAnswerIsTheStoredObject(patched, 200, path);
    assertThat(patched.json().at("/metadata/labels/b").asText()).isEqualTo("c");

    Response status =
        api.send("PATCH", path + "/status", MERGE, "{\"status\":{\"observedGeneration\":2}}");
    assertThat(status.status()).as("%s", status).isEqualTo(200);
    assertThat(status.body()).isEqualTo(api.get(path + "/status").body());
  }

  @Test
  void aSecretsAnswerShowsItsDataNotItsSealedForm() {
    String name = name();
    String path = SECRETS + "/" + name;
    Response created =
        api.send(
            "POST",
            SECRETS,
            JSON,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\""
                + name
                + "\",\"annotations\":{\"note\":\"n\"}},\"stringData\":{\"k\":\"v\"}}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().at("/data/k").asText()).isEqualTo("dg==");
    assertThat(created.json().at("/metadata/annotations/note").asText()).isEqualTo("n");
    assertThat(created.body()).doesNotContain("sealed");
    assertThat(created.json()).isEqualTo(api.get(path).json());

    Response patched = api.send("PATCH", path, MERGE, "{\"data\":{\"k\":\"dzI=\"}}");
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    assertThat(patched.json().at("/data/k").asText()).isEqualTo("dzI=");
    assertThat(patched.body()).doesNotContain("sealed");
    assertThat(patched.json()).isEqualTo(api.get(path).json());
  }
}
