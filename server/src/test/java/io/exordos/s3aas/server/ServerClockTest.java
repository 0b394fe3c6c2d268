package io.exordos.s3aas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.SettableClock;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's times come from its clock, so they are right on any day: timestamps on objects (and
 * through the facade), the ages kubectl's tables show, and token expiry across a month's end and a
 * leap day. Each case pins the clock to a day where a mistake shows.
 */
class ServerClockTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  @Test
  void objectsAreStampedAndAgedByTheServersClock() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2027-01-05T03:31:08Z"));
    try (TestServer server = TestServer.startAt(clock)) {
      ApiClient admin = server.client();
      Response created =
          admin.post(
              SECRETS,
              Map.of(
                  "apiVersion",
                  "v1",
                  "kind",
                  "Secret",
                  "metadata",
                  Map.of("name", "dated", "finalizers", java.util.List.of("x.io/keep")),
                  "stringData",
                  Map.of("k", "v")));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.text("/metadata/creationTimestamp")).isEqualTo("2027-01-05T03:31:08Z");
      assertThat(ageCell(server, SECRETS + "/dated")).isEqualTo("0s");

      clock.advance(Duration.ofDays(3));
      assertThat(ageCell(server, SECRETS + "/dated")).isEqualTo("3d");

      Response deleting = admin.delete(SECRETS + "/dated");
      assertThat(deleting.text("/metadata/deletionTimestamp")).isEqualTo("2027-01-08T03:31:08Z");
    }
  }

  @Test
  void facadeTimesComeFromTheSameClock() {
    SettableClock clock = new SettableClock(Instant.parse("2028-02-29T12:00:00Z"));
    try (TestServer server = TestServer.startAt(clock)) {
      String token = server.server().tokens().create("proj-a", Role.OWNER, "t", null).token();
      ApiClient owner = new ApiClient(server.url(), token, null);
      Response created =
          owner.post(
              "/v1/types/s3/instances",
              Map.of("name", "dated", "version", "0.0.1", "bucket_name", "dated-bucket"));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.text("/created_at")).isEqualTo("2028-02-29T12:00:00Z");
    }
  }

  @Test
  void tokensExpireByTheServersClockAcrossAMonthsEnd() {
    SettableClock clock = new SettableClock(Instant.parse("2028-02-28T23:30:00Z"));
    try (TestServer server = TestServer.startAt(clock)) {
      var created =
          server.server().tokens().create("proj-a", Role.VIEWER, "t", Duration.ofHours(25));
      assertThat(created.expiresAt()).isNotNull();
      assertThat(created.expiresAt().toInstant()).isEqualTo(Instant.parse("2028-03-01T00:30:00Z"));
      ApiClient viewer = new ApiClient(server.url(), created.token(), null);
      String buckets = "/apis/s3aas.exordos.io/v1alpha1/namespaces/proj-a/buckets";

      clock.advance(Duration.ofHours(25).minusSeconds(1));
      assertThat(viewer.get(buckets).status()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      assertThat(viewer.get(buckets).status()).isEqualTo(401);
    }
  }

  /** The AGE cell kubectl would print for the object at {@code path}. */
  private static String ageCell(TestServer server, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + server.token())
            .header("Accept", TABLE)
            .build();
    HttpResponse<String> res =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    JsonNode table = ApiClient.json(res.body());
    int column = 0;
    for (JsonNode def : table.path("columnDefinitions")) {
      if (def.path("name").asText().equals("Age")) {
        return table.path("rows").path(0).path("cells").path(column).asText();
      }
      column++;
    }
    throw new AssertionError("no Age column in " + res.body());
  }
}
