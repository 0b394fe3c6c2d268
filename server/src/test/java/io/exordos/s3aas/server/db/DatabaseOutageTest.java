package io.exordos.s3aas.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import io.exordos.s3aas.testsupport.ApiClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL stopped, requests fail fast with 503 and a Retry-After, /readyz says not ready
 * while /livez stays up, and the server recovers by itself when PostgreSQL is back. The database is
 * an embedded PostgreSQL of the test's own (the shared one is never stopped).
 */
class DatabaseOutageTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";

  @Test
  void failsFastSaysNotReadyAndRecovers() throws Exception {
    Path home = Files.createTempDirectory("s3aas-outage");
    int pgPort;
    try (ServerSocket s = new ServerSocket(0)) {
      pgPort = s.getLocalPort();
    }
    String token = "outage-" + UUID.randomUUID();
    EmbeddedDatabase pg = EmbeddedDatabase.start(home.resolve("pg"), pgPort);
    try (S3aasServer server =
        S3aasServer.start(
            ServerConfig.defaults(home, token)
                .withPort(0)
                .withDatabase(pg.jdbcUrl(), "postgres", ""))) {
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(ApiClient.trusting(Objects.requireNonNull(server.caCertificatePem())))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Call call = new Call(http, server.url(), token);
      assertThat(call.send("GET", SECRETS).statusCode()).isEqualTo(200);
      assertThat(call.send("GET", "/readyz").statusCode()).isEqualTo(200);

      pg.close();
      for (String method : new String[] {"GET", "POST"}) {
        long start = System.nanoTime();
        HttpResponse<String> r = call.send(method, SECRETS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as("%s %s", method, r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("ServiceUnavailable");
        assertThat(millis).as("%s answered after %d ms", method, millis).isLessThan(8_000);
      }
      assertThat(call.send("GET", "/readyz").statusCode()).isEqualTo(503);
      assertThat(call.send("GET", "/livez").statusCode()).isEqualTo(200);

      pg = EmbeddedDatabase.start(home.resolve("pg"), pgPort);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> call.send("GET", "/readyz").statusCode() == 200);
      assertThat(call.send("GET", SECRETS).statusCode()).isEqualTo(200);
      assertThat(call.send("POST", SECRETS).statusCode()).isEqualTo(201);
    } finally {
      pg.close();
      deleteTree(home);
    }
  }

  /** Plain requests, so the answer's headers can be checked. */
  private record Call(HttpClient http, String base, String token) {
    HttpResponse<String> send(String method, String path) throws Exception {
      String body =
          "{\"metadata\":{\"name\":\"s-" + UUID.randomUUID().toString().substring(0, 8) + "\"}}";
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token);
      if (method.equals("POST")) {
        b.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.GET();
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
