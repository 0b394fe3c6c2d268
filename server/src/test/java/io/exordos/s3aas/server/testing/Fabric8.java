package io.exordos.s3aas.server.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** fabric8 clients (JDK HTTP client) configured for a test server. */
public final class Fabric8 {
  private Fabric8() {}

  /**
   * A client of the test server.
   *
   * @param onlyHttpWatches true for plain HTTP watches; false for fabric8's default, which tries a
   *     WebSocket first and falls back to HTTP when the server answers the upgrade with 200
   */
  public static KubernetesClient client(TestServer server, boolean onlyHttpWatches) {
    ConfigBuilder b =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url())
            .withOauthToken(server.token())
            .withNamespace("default")
            .withOnlyHttpWatches(onlyHttpWatches)
            .withRequestTimeout(30_000)
            .withWatchReconnectInterval(200)
            .withWatchReconnectLimit(-1);
    if (server.caPem() != null) {
      b.withCaCertData(
          Base64.getEncoder().encodeToString(server.caPem().getBytes(StandardCharsets.US_ASCII)));
    }
    return new KubernetesClientBuilder()
        .withConfig(b.build())
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }
}
