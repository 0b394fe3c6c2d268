package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Watches whose clients went away are reclaimed within seconds even when nothing changes on their
 * resource: the open-watch count goes back to where it was and the token's watch quota is free.
 */
class DeadWatchTest {
  private static final String NAMESPACE = "proj-dead";
  private static final String PATH =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + NAMESPACE + "/s3instances";

  @Test
  void closedWatchesOnAQuietResourceAreReclaimedWithinSeconds() throws Exception {
    try (TestServer server = TestServer.start()) {
      assertThat(
              server
                  .client()
                  .post("/api/v1/namespaces", Map.of("metadata", Map.of("name", NAMESPACE)))
                  .status())
          .isEqualTo(201);
      String token = server.server().tokens().create(NAMESPACE, Role.VIEWER, "", null).token();
      int baseline = openWatches(server);

      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < WatchQuota.PER_CALLER; i++) {
          // Half ask for bookmarks (informers, kubectl wait), half do not (kubectl get -w).
          String query =
              "?watch=true&timeoutSeconds=600" + (i % 2 == 0 ? "" : "&allowWatchBookmarks=true");
          sockets.add(openRawWatch(server, token, PATH + query));
        }
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> openWatches(server) == baseline + WatchQuota.PER_CALLER);
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }

      await()
          .atMost(Duration.ofMillis(4 * WatchStream.HEARTBEAT_EVERY_MS + 1_000))
          .until(() -> openWatches(server) == baseline);
      ApiClient viewer = new ApiClient(server.url(), token, server.caPem());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                try (ApiClient.Watch w = viewer.watch(PATH + "?watch=true&timeoutSeconds=1")) {
                  return w.status() == 200;
                }
              });
    }
  }

  /** A watch over a plain TLS socket, read up to the end of its headers, then left unread. */
  private static Socket openRawWatch(TestServer server, String token, String pathAndQuery)
      throws IOException {
    SSLSocket s =
        (SSLSocket)
            ApiClient.trusting(server.caPem())
                .getSocketFactory()
                .createSocket("127.0.0.1", server.port());
    s.setSoTimeout(10_000);
    s.getOutputStream()
        .write(
            ("GET "
                    + pathAndQuery
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    String status = in.readLine();
    assertThat(status).startsWith("HTTP/1.1 200");
    String header;
    do {
      header = in.readLine();
    } while (header != null && !header.isEmpty());
    return s;
  }

  /** The server's own count of open watches, as its metrics publish it. */
  private static int openWatches(TestServer server) {
    ApiClient.Response metrics = server.client().get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    for (String line : metrics.body().lines().toList()) {
      if (line.startsWith("s3aas_watchers ")) {
        return (int) Double.parseDouble(line.substring("s3aas_watchers ".length()).trim());
      }
    }
    throw new AssertionError("no s3aas_watchers in /metrics");
  }
}
