package io.exordos.s3aas.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The element manager's install protocol: manifest create, install, ACTIVE, upgrade, errors. */
class ElementManagerTest {
  @BeforeAll
  static void start() throws Exception {
    ExordosCoreTest.start();
  }

  @AfterAll
  static void stop() {
    ExordosCoreTest.stop();
  }

  static Map<String, Object> manifest(
      String name, String version, Map<String, Object> requirements) {
    return Map.of(
        "name",
        name,
        "version",
        version,
        "schema_version",
        1,
        "api_version",
        "v1",
        "description",
        "test",
        "requirements",
        requirements,
        "resources",
        Map.of("$core.iam.permissions", Map.of("p", Map.of("name", "x.y.z"))));
  }

  @Test
  void installGoesActiveAndUpgradeChangesTheVersion() throws Exception {
    ExordosCoreTest.Res builtIn =
        ExordosCoreTest.call("GET", "/v1/em/elements/?name=metapaas", null);
    assertThat(builtIn.body().get(0).path("status").asText()).isEqualTo("ACTIVE");

    ExordosCoreTest.Res m =
        ExordosCoreTest.call(
            "POST",
            "/v1/em/manifests/",
            manifest("demo", "0.0.1", Map.of("core", Map.of("from_version", "0.0.0"))));
    assertThat(m.status()).isEqualTo(201);
    String uuid = m.body().path("uuid").asText();
    assertThat(
            ExordosCoreTest.call("POST", "/v1/em/manifests/", manifest("demo", "0.0.1", Map.of()))
                .status())
        .as("one manifest per name")
        .isEqualTo(409);

    ExordosCoreTest.Res installed =
        ExordosCoreTest.call("POST", "/v1/em/manifests/" + uuid + "/actions/install/invoke", null);
    assertThat(installed.status()).isEqualTo(200);
    assertThat(installed.body().path("status").asText()).isEqualTo("IN_PROGRESS");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ExordosCoreTest.call("GET", "/v1/em/elements/?name=demo", null)
                    .body()
                    .get(0)
                    .path("status")
                    .asText()
                    .equals("ACTIVE"));
    assertThat(
            ExordosCoreTest.call(
                    "POST", "/v1/em/manifests/" + uuid + "/actions/install/invoke", null)
                .status())
        .isEqualTo(409);

    assertThat(
            ExordosCoreTest.call(
                    "PUT", "/v1/em/manifests/" + uuid, manifest("demo", "0.0.2", Map.of()))
                .status())
        .isEqualTo(200);
    JsonNode upgraded =
        ExordosCoreTest.call("POST", "/v1/em/manifests/" + uuid + "/actions/upgrade/invoke", null)
            .body();
    assertThat(upgraded.path("version").asText()).isEqualTo("0.0.2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ExordosCoreTest.call("GET", "/v1/em/elements/?name=demo", null)
                    .body()
                    .get(0)
                    .path("status")
                    .asText()
                    .equals("ACTIVE"));
  }

  @Test
  void refusesBadManifestsAndMissingRequirements() throws Exception {
    assertThat(
            ExordosCoreTest.call(
                    "POST",
                    "/v1/em/manifests/",
                    Map.of("name", "x", "version", "1", "schema_version", 2))
                .status())
        .isEqualTo(400);
    assertThat(
            ExordosCoreTest.call(
                    "POST",
                    "/v1/em/manifests/",
                    Map.of(
                        "name",
                        "x",
                        "version",
                        "1",
                        "schema_version",
                        1,
                        "resources",
                        Map.of("core.nodes", Map.of())))
                .status())
        .isEqualTo(400);
    String uuid =
        ExordosCoreTest.call(
                "POST",
                "/v1/em/manifests/",
                manifest("needs-dbaas", "1.0.0", Map.of("dbaas", Map.of("from_version", "0.0.0"))))
            .body()
            .path("uuid")
            .asText();
    ExordosCoreTest.Res r =
        ExordosCoreTest.call("POST", "/v1/em/manifests/" + uuid + "/actions/install/invoke", null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().path("message").asText()).contains("dbaas");
    assertThat(ExordosCoreTest.call(null, "GET", "/v1/em/elements/", null).status()).isEqualTo(401);
  }
}
