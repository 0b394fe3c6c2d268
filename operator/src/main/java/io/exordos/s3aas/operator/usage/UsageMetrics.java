package io.exordos.s3aas.operator.usage;

import io.exordos.s3aas.api.v1alpha1.BucketUsage;
import io.exordos.s3aas.api.v1alpha1.InstanceUsage;
import io.exordos.s3aas.api.v1alpha1.NodeUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The usage gauges per instance, node and bucket, as last recorded in status, in the Prometheus
 * text format (served with the operator's other metrics on {@code /metrics}). A deleted object's
 * series go with it.
 */
public final class UsageMetrics {
  private record Series(String name, String help) {}

  private static final Series INSTANCE_CAPACITY =
      new Series("s3aas_instance_capacity_bytes", "Usable capacity of the instance's drives.");
  private static final Series INSTANCE_USED =
      new Series("s3aas_instance_used_bytes", "Bytes used on the instance's drives.");
  private static final Series INSTANCE_FREE =
      new Series("s3aas_instance_free_bytes", "Bytes free on the instance's drives.");
  private static final Series INSTANCE_STORED =
      new Series("s3aas_instance_stored_bytes", "Bytes stored in the instance's buckets.");
  private static final Series INSTANCE_OBJECTS =
      new Series("s3aas_instance_objects", "Objects stored in the instance's buckets.");
  private static final Series INSTANCE_THRESHOLD =
      new Series(
          "s3aas_instance_capacity_low_threshold_ratio",
          "spec.capacityLowPercent / 100: the used share of a node at which CapacityLow is set.");
  private static final Series NODE_CAPACITY =
      new Series("s3aas_node_capacity_bytes", "Total size of a node's drives.");
  private static final Series NODE_USED =
      new Series("s3aas_node_used_bytes", "Bytes used on a node's drives.");
  private static final Series NODE_FREE =
      new Series("s3aas_node_free_bytes", "Bytes free on a node's drives.");
  private static final Series BUCKET_BYTES =
      new Series("s3aas_bucket_bytes", "Bytes stored in a bucket, every version counted.");
  private static final Series BUCKET_OBJECTS =
      new Series("s3aas_bucket_objects", "Objects stored in a bucket.");
  private static final Series BUCKET_VERSIONS =
      new Series("s3aas_bucket_versions", "Object versions stored in a versioned bucket.");
  private static final Series BUCKET_DELETE_MARKERS =
      new Series("s3aas_bucket_delete_markers", "Delete markers stored in a versioned bucket.");
  private static final Series BUCKET_QUOTA =
      new Series("s3aas_bucket_quota_bytes", "A bucket's quota (spec.quotaBytes).");

  private static final Series[] ORDER = {
    INSTANCE_CAPACITY,
    INSTANCE_USED,
    INSTANCE_FREE,
    INSTANCE_STORED,
    INSTANCE_OBJECTS,
    INSTANCE_THRESHOLD,
    NODE_CAPACITY,
    NODE_USED,
    NODE_FREE,
    BUCKET_BYTES,
    BUCKET_OBJECTS,
    BUCKET_VERSIONS,
    BUCKET_DELETE_MARKERS,
    BUCKET_QUOTA
  };

  /** Per owner ("instance ns/name" or "bucket ns/name"): series name → labels → value. */
  private final Map<String, Map<Series, Map<String, Double>>> byOwner = new ConcurrentHashMap<>();

  public void instance(String namespace, String name, InstanceUsage u, int capacityLowPercent) {
    Map<Series, Map<String, Double>> m = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
    String labels = labels("namespace", namespace, "instance", name);
    put(m, INSTANCE_CAPACITY, labels, u.getCapacityBytes());
    put(m, INSTANCE_USED, labels, u.getUsedBytes());
    put(m, INSTANCE_FREE, labels, u.getFreeBytes());
    put(m, INSTANCE_STORED, labels, u.getBytes());
    put(m, INSTANCE_OBJECTS, labels, u.getObjects());
    m.computeIfAbsent(INSTANCE_THRESHOLD, k -> new TreeMap<>())
        .put(labels, capacityLowPercent / 100.0);
    for (NodeUsage n : u.getNodes()) {
      String nl =
          labels("namespace", namespace, "instance", name, "node", String.valueOf(n.getNode()));
      put(m, NODE_CAPACITY, nl, n.getCapacityBytes());
      put(m, NODE_USED, nl, n.getUsedBytes());
      put(m, NODE_FREE, nl, n.getFreeBytes());
    }
    byOwner.put("instance " + namespace + "/" + name, m);
  }

  public void bucket(String namespace, String name, String instance, BucketUsage u) {
    Map<Series, Map<String, Double>> m = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
    String labels = labels("namespace", namespace, "bucket", name, "instance", instance);
    put(m, BUCKET_BYTES, labels, u.getBytes());
    put(m, BUCKET_OBJECTS, labels, u.getObjects());
    put(m, BUCKET_VERSIONS, labels, u.getVersions());
    put(m, BUCKET_DELETE_MARKERS, labels, u.getDeleteMarkers());
    if (u.getQuota() != null) {
      put(m, BUCKET_QUOTA, labels, u.getQuota().getLimitBytes());
    }
    byOwner.put("bucket " + namespace + "/" + name, m);
  }

  public void removeInstance(String namespace, String name) {
    byOwner.remove("instance " + namespace + "/" + name);
  }

  public void removeBucket(String namespace, String name) {
    byOwner.remove("bucket " + namespace + "/" + name);
  }

  /** The series in the Prometheus text format, each family with its HELP and TYPE. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    for (Series s : ORDER) {
      Map<String, Double> samples = new TreeMap<>();
      byOwner.values().forEach(m -> samples.putAll(m.getOrDefault(s, Map.of())));
      if (samples.isEmpty()) {
        continue;
      }
      sb.append("# HELP ").append(s.name()).append(' ').append(s.help()).append('\n');
      sb.append("# TYPE ").append(s.name()).append(" gauge\n");
      samples.forEach(
          (labels, v) ->
              sb.append(s.name())
                  .append(labels)
                  .append(' ')
                  .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v))
                  .append('\n'));
    }
    return sb.toString();
  }

  private static void put(
      Map<Series, Map<String, Double>> m, Series s, String labels, @Nullable Number v) {
    if (v != null) {
      m.computeIfAbsent(s, k -> new TreeMap<>()).put(labels, v.doubleValue());
    }
  }

  /** {@code {k1="v1",...}} with the text format's escapes (backslash, quote, newline). */
  static String labels(String... kv) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < kv.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      String v = kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
      sb.append(kv[i]).append("=\"").append(v).append('"');
    }
    return sb.append('}').toString();
  }
}
