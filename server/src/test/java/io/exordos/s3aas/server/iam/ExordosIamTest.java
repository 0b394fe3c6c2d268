package io.exordos.s3aas.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import io.exordos.s3aas.server.testing.TestDatabase;
import io.exordos.s3aas.testsupport.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code exordos} validator against the Exordos Core emulator's IAM introspection. */
class ExordosIamTest {
  static final String PROJECT = "4d657461-0000-0000-0000-000000000002";

  @Test
  void coreTokensAreIntrospectedAndBoundToTheirProject() throws Exception {
    try (ExordosCore core = ExordosCore.start(ExordosCore.Config.of("admin", "admin-pass"));
        TestDatabase db = TestDatabase.create()) {
      ServerConfig config =
          ServerConfig.defaults(
                  Files.createTempDirectory("s3aas-exordos"), "admin-token-0123456789")
              .withPort(0)
              .withDatabase(db.jdbcUrl(), TestDatabase.USER, "")
              .withTls(false)
              .withIam(IamConfig.exordos(core.endpoint() + "/api/core", "default"));
      try (S3aasServer server = S3aasServer.start(config)) {
        String token = coreToken(core, "project:" + PROJECT);
        ApiClient c = new ApiClient(server.url(), token, null);
        var created =
            c.post("/v1/types/s3/instances", Map.of("name", "via-core", "version", "0.0.1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("project_id").asText()).isEqualTo(PROJECT);
        assertThat(
                c.get("/apis/s3aas.exordos.io/v1alpha1/namespaces/" + PROJECT + "/s3instances")
                    .status())
            .isEqualTo(200);
        assertThat(c.get("/apis/s3aas.exordos.io/v1alpha1/namespaces/default/s3instances").status())
            .isEqualTo(403);
        assertThat(
                new ApiClient(server.url(), "not-a-core-token", null)
                    .get("/v1/types/s3/instances")
                    .status())
            .isEqualTo(401);
        // local tokens are not accepted in exordos mode; the admin token is
        String local = server.tokens().create(PROJECT, Role.OWNER, "", null).token();
        assertThat(new ApiClient(server.url(), local, null).get("/v1/types/s3/instances").status())
            .isEqualTo(401);
        assertThat(
                new ApiClient(server.url(), "admin-token-0123456789", null)
                    .get("/api/v1/namespaces")
                    .status())
            .isEqualTo(200);
      }
    }
  }

  static String coreToken(ExordosCore core, String scope) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    core.endpoint() + "/api/core/v1/iam/clients/default/actions/get_token/invoke"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=password&username=admin&password=admin-pass&scope=" + scope))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = ApiClient.json(r.body());
    return j.path("access_token").asText();
  }

  @Test
  void permissionsMapToRoles() {
    assertThat(ExordosTokenValidator.roleOf(List.of("*.*.*"))).isEqualTo(Role.OWNER);
    assertThat(ExordosTokenValidator.roleOf(List.of("exordos_s3.*.*"))).isEqualTo(Role.OWNER);
    assertThat(
            ExordosTokenValidator.roleOf(
                List.of("exordos_s3.s3_instance.create", "exordos_s3.s3_instance.delete")))
        .isEqualTo(Role.OWNER);
    assertThat(
            ExordosTokenValidator.roleOf(
                List.of(
                    "exordos_s3.s3_instance.read",
                    "exordos_s3.s3_instance.update",
                    "exordos_s3.bucket.*")))
        .isEqualTo(Role.OPERATOR);
    assertThat(ExordosTokenValidator.roleOf(List.of("exordos_s3.*.read"))).isEqualTo(Role.VIEWER);
    assertThat(ExordosTokenValidator.roleOf(List.of("compute.*.*"))).isNull();
    assertThat(
            ExordosTokenValidator.principalOf(
                    ApiClient.json(
                        "{\"user_info\":{\"username\":\"u\"},\"permissions\":[\"*.*.*\"]}"))
                .role())
        .as("no project, no role")
        .isNull();
  }
}
