package io.exordos.s3aas.operator;

import com.sun.net.httpserver.HttpServer;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.exordos.s3aas.operator.usage.UsageMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * JOSDK's metrics hooks as plain counters per controller, served in the Prometheus text format on
 * {@code /metrics} by the JDK's built-in HTTP server (no extra dependency).
 */
public final class OperatorMetrics implements Metrics, AutoCloseable {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final NodeClients nodes;
  private final UsageMetrics usage;
  private @Nullable HttpServer server;

  public OperatorMetrics(NodeClients nodes, UsageMetrics usage) {
    this.nodes = nodes;
    this.usage = usage;
  }

  private void inc(String name, @Nullable Map<String, Object> meta) {
    Object controller = meta == null ? null : meta.get(Metrics.class.getName() + ".controller");
    String label =
        controller == null
            ? String.valueOf(meta == null ? "" : meta.getOrDefault("controller", ""))
            : String.valueOf(controller);
    counters
        .computeIfAbsent(name + "{controller=\"" + label + "\"}", k -> new LongAdder())
        .increment();
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> meta) {
    inc("s3aas_operator_events_received_total", meta);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, @Nullable RetryInfo retry, Map<String, Object> meta) {
    inc("s3aas_operator_reconciliations_started_total", meta);
    if (retry != null) {
      inc("s3aas_operator_reconciliations_retries_total", meta);
    }
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> meta) {
    inc("s3aas_operator_reconciliations_success_total", meta);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception e, Map<String, Object> meta) {
    inc("s3aas_operator_reconciliations_failed_total", meta);
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> meta) {
    inc("s3aas_operator_cleanups_total", meta);
  }

  public String scrape() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(counters)
        .forEach((k, v) -> sb.append(k).append(' ').append(v.sum()).append('\n'));
    sb.append("s3aas_operator_node_calls_total ").append(nodes.totalCalls()).append('\n');
    sb.append(usage.scrape());
    return sb.toString();
  }

  public void serve(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics",
        ex -> {
          byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
