package io.exordos.s3aas.operator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a RustFS node reports about usage, read from its two bulk admin calls (shapes in
 * docs/CONTRACTS.md): per bucket from {@code datausageinfo}, per drive from {@code storageinfo}.
 */
public final class NodeUsage {
  private NodeUsage() {}

  /** One bucket as RustFS's usage scanner counted it (every version; delete markers apart). */
  public record Bucket(long bytes, long objects, long versions, long deleteMarkers) {}

  /**
   * {@code datausageinfo}: the scanner's snapshot. A bucket it has not reached yet is absent from
   * {@code buckets} (unknown, not zero).
   */
  public record Data(
      @Nullable Instant observedAt,
      long capacityBytes,
      long usedBytes,
      long freeBytes,
      Map<String, Bucket> buckets) {

    public static Data parse(JsonNode n) {
      Map<String, Bucket> buckets = new LinkedHashMap<>();
      n.path("buckets_usage")
          .properties()
          .forEach(
              e ->
                  buckets.put(
                      e.getKey(),
                      new Bucket(
                          e.getValue().path("size").asLong(),
                          e.getValue().path("objects_count").asLong(),
                          e.getValue().path("versions_count").asLong(),
                          e.getValue().path("delete_markers_count").asLong())));
      JsonNode t = n.path("last_update");
      Instant at =
          t.has("secs_since_epoch")
              ? Instant.ofEpochSecond(
                  t.path("secs_since_epoch").asLong(), t.path("nanos_since_epoch").asLong())
              : null;
      return new Data(
          at,
          n.path("total_capacity").asLong(),
          n.path("total_used_capacity").asLong(),
          n.path("total_free_capacity").asLong(),
          buckets);
    }
  }

  /**
   * One drive from {@code storageinfo}: {@code node} is the host of a distributed drive's endpoint
   * ({@code http://node2.rustfs.internal:9000/...}), or empty for a local path (a single node).
   */
  public record Drive(String node, long capacityBytes, long usedBytes, long freeBytes) {

    public static List<Drive> parse(JsonNode storageInfo) {
      List<Drive> out = new ArrayList<>();
      for (JsonNode d : storageInfo.path("info").path("disks")) {
        out.add(
            new Drive(
                host(d.path("endpoint").asText("")),
                d.path("totalspace").asLong(),
                d.path("usedspace").asLong(),
                d.path("availspace").asLong()));
      }
      return out;
    }

    private static String host(String endpoint) {
      if (!endpoint.contains("://")) {
        return "";
      }
      try {
        String host = URI.create(endpoint).getHost();
        return host == null ? "" : host;
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
  }
}
