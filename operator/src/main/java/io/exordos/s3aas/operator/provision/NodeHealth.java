package io.exordos.s3aas.operator.provision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a node's RustFS answers {@code GET /health/ready} with 200 (docs/CONTRACTS.md): the one
 * readiness check both provisioners make; any failure (refused, timed out, 503) is "not ready".
 */
final class NodeHealth {
  private NodeHealth() {}

  static boolean ready(HttpClient client, ProvisionResult.NodeAddress node, Duration timeout) {
    try {
      return client
              .send(request(node, timeout), HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The same check without blocking the caller; the future completes with false on any failure. */
  static CompletableFuture<Boolean> readyLater(
      HttpClient client, ProvisionResult.NodeAddress node, Duration timeout) {
    return client
        .sendAsync(request(node, timeout), HttpResponse.BodyHandlers.discarding())
        .handle((res, e) -> e == null && res.statusCode() == 200);
  }

  private static HttpRequest request(ProvisionResult.NodeAddress node, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(node.endpoint() + "/health/ready"))
        .timeout(timeout)
        .GET()
        .build();
  }
}
