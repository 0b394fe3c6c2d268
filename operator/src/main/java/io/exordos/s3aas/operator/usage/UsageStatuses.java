package io.exordos.s3aas.operator.usage;

import io.exordos.s3aas.api.v1alpha1.BucketUsage;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.InstanceUsage;
import io.exordos.s3aas.api.v1alpha1.NodeStatus;
import io.exordos.s3aas.api.v1alpha1.NodeUsage;
import io.exordos.s3aas.api.v1alpha1.QuotaUsage;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.rustfs.NodeUsage.Data;
import io.exordos.s3aas.operator.rustfs.NodeUsage.Drive;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a node's usage report ({@link NodeSnapshot#usage()}, {@link NodeSnapshot#drives()}) into
 * the usage a Bucket and an S3Instance show in status, and decides the two warning conditions.
 * Pure: the reconcilers record what it computes, so one poll's numbers reach status, printer
 * columns, the facade and the metrics alike.
 */
public final class UsageStatuses {
  /** A bucket at this share of its quota or more reports QuotaNearlyFull. */
  public static final int QUOTA_NEARLY_FULL_PERCENT = 90;

  /** spec.capacityLowPercent when it is not set. */
  public static final int DEFAULT_CAPACITY_LOW_PERCENT =
      io.exordos.s3aas.api.v1alpha1.S3InstanceSpec.DEFAULT_CAPACITY_LOW_PERCENT;

  private UsageStatuses() {}

  /**
   * A bucket's usage as the node's scan counted it, or null when the scan has not reached it yet
   * (then the status keeps what it showed). Versions and delete markers are shown for a versioned
   * bucket only.
   */
  public static @Nullable BucketUsage bucket(
      NodeSnapshot s, String nodeBucket, @Nullable Long quotaBytes, boolean versioned) {
    Data data = s.usage();
    if (data == null) {
      return null;
    }
    var counted = data.buckets().get(nodeBucket);
    if (counted == null) {
      return null;
    }
    BucketUsage u = new BucketUsage();
    u.setObjects(counted.objects());
    u.setBytes(counted.bytes());
    if (versioned) {
      u.setVersions(counted.versions());
      u.setDeleteMarkers(counted.deleteMarkers());
    }
    if (quotaBytes != null && quotaBytes > 0) {
      QuotaUsage q = new QuotaUsage();
      q.setUsedBytes(counted.bytes());
      q.setLimitBytes(quotaBytes);
      q.setPercent(percent(counted.bytes(), quotaBytes));
      u.setQuota(q);
    }
    u.setObservedAt(observedAt(s, data));
    return u;
  }

  /**
   * An instance's usage: totals from the usage scan, one entry per node from its drives. A drive of
   * a distributed instance names its node by host ({@code node2.rustfs.internal} is the second of
   * {@code nodes}); a single node's drive is a local path. Null when the node reported nothing.
   */
  public static @Nullable InstanceUsage instance(NodeSnapshot s, List<NodeStatus> nodes) {
    Data data = s.usage();
    List<Drive> drives = s.drives();
    if (data == null && drives.isEmpty()) {
      return null;
    }
    InstanceUsage u = new InstanceUsage();
    Map<String, long[]> perNode = new LinkedHashMap<>();
    for (Drive d : drives) {
      long[] sums = perNode.computeIfAbsent(nodeName(d.node(), nodes), k -> new long[3]);
      sums[0] += d.capacityBytes();
      sums[1] += d.usedBytes();
      sums[2] += d.freeBytes();
    }
    List<NodeUsage> nodeUsage = new ArrayList<>();
    perNode.forEach(
        (name, sums) -> {
          NodeUsage n = new NodeUsage();
          n.setNode(name);
          n.setCapacityBytes(sums[0]);
          n.setUsedBytes(sums[1]);
          n.setFreeBytes(sums[2]);
          n.setUsedPercent(percent(sums[1], sums[0]));
          nodeUsage.add(n);
        });
    u.setNodes(nodeUsage);
    if (data != null) {
      u.setCapacityBytes(data.capacityBytes());
      u.setUsedBytes(data.usedBytes());
      u.setFreeBytes(data.freeBytes());
      u.setBuckets((long) data.buckets().size());
      u.setObjects(data.buckets().values().stream().mapToLong(b -> b.objects()).sum());
      u.setBytes(data.buckets().values().stream().mapToLong(b -> b.bytes()).sum());
      u.setObservedAt(observedAt(s, data));
    } else {
      u.setCapacityBytes(nodeUsage.stream().mapToLong(n -> nz(n.getCapacityBytes())).sum());
      u.setUsedBytes(nodeUsage.stream().mapToLong(n -> nz(n.getUsedBytes())).sum());
      u.setFreeBytes(nodeUsage.stream().mapToLong(n -> nz(n.getFreeBytes())).sum());
      u.setObservedAt(s.takenAt().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    // the fullest node decides: a write fails on the first full node, not on the average; the
    // drives are read less often than the totals, so the totals' share counts too
    int fullest =
        Math.max(
            nodeUsage.stream()
                .mapToInt(n -> Objects.requireNonNullElse(n.getUsedPercent(), 0))
                .max()
                .orElse(0),
            percent(nz(u.getUsedBytes()), nz(u.getCapacityBytes())));
    u.setUsedPercent(fullest);
    return u;
  }

  private static String nodeName(String host, List<NodeStatus> nodes) {
    if (host.isEmpty()) {
      // a local drive: the node that answered, i.e. the instance's only (or first) node
      return nodes.isEmpty() ? "node1" : Objects.requireNonNullElse(nodes.get(0).getId(), "node1");
    }
    // ExordosProvisioner names the nodes node1..nodeN.rustfs.internal in status.nodes order
    if (host.startsWith("node") && host.endsWith(".rustfs.internal")) {
      String digits = host.substring(4, host.indexOf('.'));
      try {
        int i = Integer.parseInt(digits) - 1;
        if (i >= 0 && i < nodes.size() && nodes.get(i).getId() != null) {
          return Objects.requireNonNull(nodes.get(i).getId());
        }
      } catch (NumberFormatException e) {
        // not one of ours: the host is the best name
      }
    }
    return host;
  }

  /** True when a bucket with a quota holds {@value #QUOTA_NEARLY_FULL_PERCENT} % of it or more. */
  public static boolean quotaNearlyFull(@Nullable BucketUsage u) {
    return u != null
        && u.getQuota() != null
        && nz(u.getQuota().getPercent()) >= QUOTA_NEARLY_FULL_PERCENT;
  }

  /** True when a node (or, with none reported, the instance) is at the threshold or above it. */
  public static boolean capacityLow(@Nullable InstanceUsage u, @Nullable Integer thresholdPercent) {
    int threshold =
        thresholdPercent == null ? DEFAULT_CAPACITY_LOW_PERCENT : thresholdPercent.intValue();
    return u != null && nz(u.getCapacityBytes()) > 0 && nz(u.getUsedPercent()) >= threshold;
  }

  /**
   * Records a warning condition (True while the warning holds, False otherwise) and answers true
   * when it has just turned True: the caller then records an Event, once per crossing.
   */
  public static boolean warn(
      ResourceStatus status,
      String type,
      boolean on,
      String reason,
      String message,
      @Nullable Long generation) {
    boolean wasOn =
        status.condition(type).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
    if (on) {
      status.setCondition(type, Condition.TRUE, reason, message, generation);
    } else if (status.condition(type).isPresent()) {
      status.setCondition(type, Condition.FALSE, "BelowThreshold", null, generation);
    }
    return on && !wasOn;
  }

  /**
   * True when two usages show the same numbers; {@code observedAt} is left out, so an unchanged
   * bucket is not rewritten on every poll.
   */
  public static boolean sameNumbers(@Nullable BucketUsage a, @Nullable BucketUsage b) {
    if (a == null || b == null) {
      return a == b;
    }
    QuotaUsage qa = a.getQuota();
    QuotaUsage qb = b.getQuota();
    return Objects.equals(a.getObjects(), b.getObjects())
        && Objects.equals(a.getBytes(), b.getBytes())
        && Objects.equals(a.getVersions(), b.getVersions())
        && Objects.equals(a.getDeleteMarkers(), b.getDeleteMarkers())
        && (qa == null
            ? qb == null
            : qb != null
                && Objects.equals(qa.getLimitBytes(), qb.getLimitBytes())
                && Objects.equals(qa.getUsedBytes(), qb.getUsedBytes()));
  }

  /** Like {@link #sameNumbers(BucketUsage, BucketUsage)} for an instance, per node too. */
  public static boolean sameNumbers(@Nullable InstanceUsage a, @Nullable InstanceUsage b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getCapacityBytes(), b.getCapacityBytes())
        && Objects.equals(a.getUsedBytes(), b.getUsedBytes())
        && Objects.equals(a.getFreeBytes(), b.getFreeBytes())
        && Objects.equals(a.getBuckets(), b.getBuckets())
        && Objects.equals(a.getObjects(), b.getObjects())
        && Objects.equals(a.getBytes(), b.getBytes())
        && a.getNodes().size() == b.getNodes().size()
        && sameNodes(a.getNodes(), b.getNodes());
  }

  private static boolean sameNodes(List<NodeUsage> a, List<NodeUsage> b) {
    for (int i = 0; i < a.size(); i++) {
      NodeUsage x = a.get(i);
      NodeUsage y = b.get(i);
      if (!Objects.equals(x.getNode(), y.getNode())
          || !Objects.equals(x.getCapacityBytes(), y.getCapacityBytes())
          || !Objects.equals(x.getUsedBytes(), y.getUsedBytes())) {
        return false;
      }
    }
    return true;
  }

  /** {@code part} as a whole percentage of {@code whole}, rounded down; 0 for an empty whole. */
  static int percent(long part, long whole) {
    if (whole <= 0) {
      return 0;
    }
    return (int)
        Math.min(
            Integer.MAX_VALUE,
            java.math.BigInteger.valueOf(part)
                .multiply(java.math.BigInteger.valueOf(100))
                .divide(java.math.BigInteger.valueOf(whole))
                .longValue());
  }

  private static String observedAt(NodeSnapshot s, Data data) {
    Instant at = data.observedAt() == null ? s.takenAt() : data.observedAt();
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static long nz(@Nullable Long v) {
    return v == null ? 0 : v;
  }

  private static int nz(@Nullable Integer v) {
    return v == null ? 0 : v;
  }
}
