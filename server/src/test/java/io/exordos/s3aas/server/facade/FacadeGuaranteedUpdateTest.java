package io.exordos.s3aas.server.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The facade's PATCH is a read-modify-write: while the operator writes status (here a thread doing
 * what it does, through the status subresource, as fast as it can), a client that sent no
 * precondition never sees 409; one that sent {@code If-Match} with a stale version does.
 */
class FacadeGuaranteedUpdateTest {
  static final String I = "/v1/types/s3/instances";
  static final Duration STATUS_EVERY = Duration.ofMillis(10);

  static TestServer server;
  static ApiClient owner;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    token = server.server().tokens().create("proj-u", Role.OWNER, "updates", null).token();
    owner = new ApiClient(server.url(), token, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Writes status of one object every few milliseconds, far more often than the operator's
   * reconcilers do (they write when something changed).
   */
  static final class StatusWriter implements AutoCloseable {
    final AtomicLong writes = new AtomicLong();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ScheduledFuture<?> writing;

    StatusWriter(String plural, String namespace, String name) {
      ResourceService service = server.server().service();
      ResourceType t =
          service.registry().find("s3aas.exordos.io", "v1alpha1", plural).orElseThrow();
      ResourceKey key = new ResourceKey(t, namespace, name);
      writing =
          timer.scheduleWithFixedDelay(
              () -> {
                ObjectNode o = service.get(key);
                ObjectNode status = o.putObject("status");
                status.put("phase", "ACTIVE");
                status
                    .putArray("conditions")
                    .addObject()
                    .put("type", "Ready")
                    .put("status", "True")
                    .put("reason", "Ready")
                    .put("message", "observed " + writes.get())
                    .put("lastTransitionTime", "2026-01-01T00:00:00Z");
                try {
                  service.update(key, o, WriteOptions.DEFAULT, true);
                  writes.incrementAndGet();
                } catch (ApiException e) {
                  // the writer lost a race with a PATCH: it reads again next time, as the operator
                  // does
                }
              },
              0,
              STATUS_EVERY.toMillis(),
              TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      try {
        if (writing.isDone()) {
          writing.get(); // the writer stopped early: its exception fails the test
        }
        writing.cancel(false);
        timer.shutdown();
        assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new AssertionError("the status writer failed", e.getCause());
      }
    }
  }

  @Test
  void patchesWithoutPreconditionNeverConflictWhileStatusIsWritten() throws Exception {
    Response created =
        owner.post(I, Map.of("name", "busy", "version", "0.0.1", "bucket_name", "busy-data"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asText();
    Response bucket = owner.post(I + "/" + id + "/buckets", Map.of("name", "busy-files"));
    assertThat(bucket.status()).as(bucket.toString()).isEqualTo(201);
    assertThat(
            owner
                .post(
                    I + "/" + id + "/users", Map.of("name", "app", "policies", List.of("readonly")))
                .status())
        .isEqualTo(201);
    Response key = owner.post(I + "/" + id + "/users/app/access-keys", Map.of());
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    String keyPath = I + "/" + id + "/users/app/access-keys/" + key.json().path("id").asText();

    List<Response> answers = new ArrayList<>();
    try (StatusWriter instanceStatus = new StatusWriter("s3instances", "proj-u", id);
        StatusWriter bucketStatus =
            new StatusWriter("buckets", "proj-u", bucket.json().path("id").asText());
        StatusWriter keyStatus =
            new StatusWriter("accesskeys", "proj-u", key.json().path("id").asText())) {
      for (int n = 0; n < 50; n++) {
        answers.add(
            owner.send("PATCH", I + "/" + id, ApiClient.JSON, Map.of("versioning", n % 2 == 0)));
      }
      for (int n = 0; n < 10; n++) {
        answers.add(
            owner.send(
                "PATCH",
                I + "/" + id + "/buckets/busy-files",
                ApiClient.JSON,
                Map.of("versioning_enabled", n % 2 == 0)));
        answers.add(owner.send("PATCH", keyPath, ApiClient.JSON, Map.of("enabled", n % 2 == 0)));
      }
      assertThat(instanceStatus.writes.get()).as("status writes during the patches").isPositive();
      assertThat(bucketStatus.writes.get()).isPositive();
      assertThat(keyStatus.writes.get()).isPositive();
    }
    assertThat(answers).filteredOn(r -> r.status() != 200).isEmpty();
    // the last PATCH of each won: the retries applied the client's change, not a stale copy
    assertThat(owner.get(I + "/" + id).json().path("versioning").asBoolean()).isFalse();
    assertThat(owner.get(keyPath).json().path("enabled").asBoolean()).isFalse();
  }

  @Test
  void ifMatchIsAPreconditionAStaleVersionIsAConflict() throws Exception {
    Response created = owner.post(I, Map.of("name", "guarded", "version", "0.0.1"));
    String id = created.json().path("id").asText();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + I + "/" + id))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String etag = get.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> first = patch(http, id, etag, "{\"versioning\":true}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String next = first.headers().firstValue("ETag").orElseThrow();
    assertThat(next).isNotEqualTo(etag);

    // the same version again: someone (here, this client) changed it since
    HttpResponse<String> stale = patch(http, id, etag, "{\"versioning\":false}");
    assertThat(stale.statusCode()).isEqualTo(409);
    JsonNode body = ApiClient.json(stale.body());
    assertThat(body.path("type").asText()).isEqualTo("Conflict");
    assertThat(body.path("message").asText()).contains("If-Match");
    assertThat(owner.get(I + "/" + id).json().path("versioning").asBoolean()).isTrue();
  }

  private static HttpResponse<String> patch(HttpClient http, String id, String ifMatch, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + I + "/" + id))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("If-Match", ifMatch)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
