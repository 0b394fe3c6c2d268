package io.exordos.s3aas.operator.rustfs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * One {@link NodeClient} per instance (keyed {@code namespace/name}), rebuilt when the instance's
 * endpoint or root credentials change. All share one HTTP connection pool.
 */
public final class NodeClients implements AutoCloseable {
  private final OkHttpClient http;
  private final int maxInFlightPerNode;
  private final Map<String, NodeClient> clients = new ConcurrentHashMap<>();

  public NodeClients(int maxInFlightPerNode) {
    this.maxInFlightPerNode = maxInFlightPerNode;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(512);
    dispatcher.setMaxRequestsPerHost(256);
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(60))
            .retryOnConnectionFailure(true)
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
            .build();
  }

  public NodeClient get(String instanceKey, NodeAccess access) {
    return clients.compute(
        instanceKey,
        (k, existing) ->
            existing != null && existing.access().equals(access)
                ? existing
                : new NodeClient(access, http, maxInFlightPerNode));
  }

  public void remove(String instanceKey) {
    clients.remove(instanceKey);
  }

  /** Total calls made through every client so far. */
  public long totalCalls() {
    return clients.values().stream().mapToLong(NodeClient::calls).sum();
  }

  public OkHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    clients.clear();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
