package io.exordos.s3aas.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token of project B can neither see nor guess project A's resources: 404 on the facade for every
 * foreign id (whatever the role), 403 on the resource API for the foreign namespace; and every
 * request on both front doors needs a valid bearer token.
 */
class ProjectIsolationTest {
  static final String I = "/v1/types/s3/instances";
  static TestServer server;
  static ApiClient a;
  static ApiClient b;
  static String idA;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    a =
        new ApiClient(
            server.url(),
            server.server().tokens().create("proj-a", Role.OWNER, "", null).token(),
            null);
    b =
        new ApiClient(
            server.url(),
            server.server().tokens().create("proj-b", Role.OWNER, "", null).token(),
            null);
    Response r = a.post(I, Map.of("name", "secret-plans", "version", "0.0.1"));
    assertThat(r.status()).isEqualTo(201);
    idA = r.json().path("id").asText();
    assertThat(a.post(I + "/" + idA + "/buckets", Map.of("name", "bucket-a")).status())
        .isEqualTo(201);
    assertThat(a.post(I + "/" + idA + "/users", Map.of("name", "alice")).status()).isEqualTo(201);
    assertThat(a.post(I + "/" + idA + "/users/alice/access-keys", Map.of()).status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void foreignIdsAreNotFoundOnTheFacade() {
    assertThat(b.get(I).json()).isEmpty();
    assertThat(b.get(I + "?name=secret-plans").json()).isEmpty();
    for (String path :
        List.of(
            I + "/" + idA,
            I + "/secret-plans",
            I + "/" + idA + "/buckets",
            I + "/" + idA + "/buckets/bucket-a",
            I + "/" + idA + "/users",
            I + "/" + idA + "/users/alice/access-keys")) {
      Response r = b.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).doesNotContain("proj-a");
    }
    assertThat(b.patch(I + "/" + idA, ApiClient.JSON, Map.of("versioning", true)).status())
        .isEqualTo(404);
    assertThat(b.send("PUT", I + "/" + idA, ApiClient.JSON, Map.of("versioning", true)).status())
        .isEqualTo(404);
    assertThat(b.send("DELETE", I + "/" + idA, null, null).status()).isEqualTo(404);
    assertThat(b.post(I + "/" + idA + "/buckets", Map.of("name", "intruder")).status())
        .isEqualTo(404);
    assertThat(b.post(I + "/" + idA + "/users/alice/access-keys", Map.of()).status())
        .isEqualTo(404);
    // a viewer of B gets 404 too, never a 403 that would confirm the id
    ApiClient viewerB =
        new ApiClient(
            server.url(),
            server.server().tokens().create("proj-b", Role.VIEWER, "", null).token(),
            null);
    assertThat(viewerB.get(I + "/" + idA).status()).isEqualTo(404);
    // and project_id in a body cannot move a request to another project
    assertThat(b.post(I, Map.of("name", "x", "version", "0.0.1", "project_id", "proj-a")).status())
        .isEqualTo(403);
    // the same name is free in another project
    assertThat(b.post(I, Map.of("name", "secret-plans", "version", "0.0.1")).status())
        .isEqualTo(201);
    assertThat(a.get(I + "/" + idA).status()).isEqualTo(200);
  }

  @Test
  void foreignNamespacesAreForbiddenOnTheResourceApi() {
    String ns = "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-a/s3instances";
    assertThat(b.get(ns).status()).isEqualTo(403);
    assertThat(b.get(ns + "/" + idA).status()).isEqualTo(403);
    assertThat(b.get(ns + "/does-not-exist").status())
        .as("same answer whether or not it exists")
        .isEqualTo(403);
    assertThat(b.get("/apis/s3aas.exordos.io/v1alpha1/s3instances").status())
        .as("across namespaces")
        .isEqualTo(403);
    assertThat(b.get("/api/v1/namespaces/proj-a/secrets").status()).isEqualTo(403);
    assertThat(b.get("/api/v1/namespaces").status()).isEqualTo(403);
    assertThat(b.get("/api/v1/namespaces/proj-b").status()).isEqualTo(200);
    assertThat(b.get("/api/v1/namespaces/proj-a").status()).isEqualTo(403);
    assertThat(a.get(ns + "/" + idA).status()).isEqualTo(200);
    // discovery and the CRDs stay readable for every member
    assertThat(b.get("/apis").status()).isEqualTo(200);
    assertThat(b.get("/apis/s3aas.exordos.io/v1alpha1").status()).isEqualTo(200);
  }

  @Test
  void everyRequestNeedsAValidToken() {
    ApiClient none = new ApiClient(server.url(), "x", null);
    for (String path :
        List.of(
            I,
            I + "/" + idA,
            "/v1/types/s3/versions",
            "/v1/openapi.json",
            "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-a/s3instances",
            "/api/v1/namespaces",
            "/version")) {
      Response r = none.send("GET", path, null, null, false);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(none.get(path).status()).as("bad token " + path).isEqualTo(401);
    }
    assertThat(none.send("GET", I, null, null, false).json().path("code").asInt())
        .as("facade-shaped")
        .isEqualTo(401);
    // a revoked token stops working at once
    LocalTokens.Created t = server.server().tokens().create("proj-a", Role.VIEWER, "", null);
    ApiClient c = new ApiClient(server.url(), t.token(), null);
    assertThat(c.get(I).status()).isEqualTo(200);
    assertThat(server.server().tokens().revoke(t.id())).isTrue();
    assertThat(c.get(I).status()).isEqualTo(401);
    // only the hash is stored
    assertThat(
            server
                .db()
                .query("select token_sha256 from iam_tokens where id = ?", t.id())
                .get(0)
                .get(0))
        .isEqualTo(LocalTokens.sha256(t.token()))
        .doesNotContain(t.token());
    assertThat(
            server
                .db()
                .query("select count(*) from iam_tokens where token_sha256 = ?", t.token())
                .get(0)
                .get(0))
        .isEqualTo("0");
    // an expired token too
    LocalTokens.Created expired =
        server.server().tokens().create("proj-a", Role.VIEWER, "", java.time.Duration.ofMillis(1));
    org.awaitility.Awaitility.await()
        .until(() -> new ApiClient(server.url(), expired.token(), null).get(I).status() == 401);
    // the admin token still works everywhere (kubectl and the operator)
    ApiClient adminClient = new ApiClient(server.url(), server.token(), null);
    assertThat(adminClient.get("/apis/s3aas.exordos.io/v1alpha1/s3instances").status())
        .isEqualTo(200);
    assertThat(adminClient.get(I + "?project_id=proj-a").json().size()).isEqualTo(1);
  }
}
