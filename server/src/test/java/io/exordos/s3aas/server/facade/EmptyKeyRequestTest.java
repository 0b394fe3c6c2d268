package io.exordos.s3aas.server.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code curl -X POST .../access-keys} with no body generates a key pair, as {@code {}} does. */
class EmptyKeyRequestTest {
  private static final String I = "/v1/types/s3/instances";
  private static TestServer server;
  private static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    token = server.server().tokens().create("proj-k", Role.OWNER, "keys", null).token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPostWithNoBodyGeneratesEverything() throws Exception {
    ApiClient owner = new ApiClient(server.url(), token, null);
    Response instance =
        owner.post(I, Map.of("name", "keys", "version", "0.0.1", "bucket_name", "keys-data"));
    assertThat(instance.status()).as(instance.toString()).isEqualTo(201);
    String id = instance.json().path("id").asText();
    Response user =
        owner.post(I + "/" + id + "/users", Map.of("name", "app", "policies", List.of("readonly")));
    assertThat(user.status()).as(user.toString()).isEqualTo(201);

    String url = server.url() + I + "/" + id + "/users/app/access-keys";
    Process curl =
        new ProcessBuilder(
                "curl",
                "-sS",
                "-X",
                "POST",
                "-H",
                "Authorization: Bearer " + token,
                "-w",
                "\n%{http_code}",
                url)
            .redirectErrorStream(true)
            .start();
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String[] out = read(curl).split("\n", -1);
    assertThat(out[out.length - 1]).as(String.join("\n", out)).isEqualTo("201");
    JsonNode key = ApiClient.json(out[0]);
    assertThat(key.path("access_key").asText()).hasSize(20);
    assertThat(key.path("secret_key").asText()).hasSize(40);
  }

  private static String read(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
