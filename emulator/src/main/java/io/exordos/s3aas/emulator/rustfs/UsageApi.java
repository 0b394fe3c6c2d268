package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * RustFS's two usage admin calls, computed from what the node really stores: {@code GET
 * datausageinfo} (the usage scanner's per-bucket snapshot, {@code DataUsageInfo} of {@code
 * crates/data-usage/src/data_usage.rs}) and {@code GET storageinfo} ({@code StorageInfo} and {@code
 * Disk} of {@code crates/madmin/src/info_commands.rs}, wrapped as {@code
 * rustfs/src/admin/handlers/system.rs} wraps it). The field names, nesting and counting rules are
 * RustFS's (see docs/CONTRACTS.md); the emulated node has one drive of {@link
 * NodeStore#diskBytes()} bytes whose used space is the bytes of every stored version and uploaded
 * part.
 */
final class UsageApi {
  /** {@code SizeHistogram::to_map}'s names and lower bounds, in RustFS's order. */
  private static final String[] SIZE_NAMES = {
    "LESS_THAN_1024_B",
    "BETWEEN_1024_B_AND_64_KB",
    "BETWEEN_64_KB_AND_256_KB",
    "BETWEEN_256_KB_AND_512_KB",
    "BETWEEN_512_KB_AND_1_MB",
    "BETWEEN_1_MB_AND_10_MB",
    "BETWEEN_10_MB_AND_64_MB",
    "BETWEEN_64_MB_AND_128_MB",
    "BETWEEN_128_MB_AND_512_MB",
    "GREATER_THAN_512_MB"
  };

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long[] SIZE_FLOORS = {
    0, KIB, 64 * KIB, 256 * KIB, 512 * KIB, MIB, 10 * MIB, 64 * MIB, 128 * MIB, 512 * MIB
  };

  private static final String[] VERSION_NAMES = {
    "UNVERSIONED",
    "SINGLE_VERSION",
    "BETWEEN_2_AND_10",
    "BETWEEN_10_AND_100",
    "BETWEEN_100_AND_1000",
    "BETWEEN_1000_AND_10000",
    "GREATER_THAN_10000"
  };
  private static final long[] VERSION_FLOORS = {0, 1, 2, 10, 100, 1000, 10000};

  private final NodeStore store;
  private final Clock clock;
  private final Supplier<String> endpoint;
  private final String diskId = UUID.randomUUID().toString();

  UsageApi(NodeStore store, Clock clock, Supplier<String> endpoint) {
    this.store = store;
    this.clock = clock;
    this.endpoint = endpoint;
  }

  /** One bucket's usage as RustFS's {@code BucketUsageAccumulator} counts it. */
  record BucketUsage(long size, long objects, long versions, long deleteMarkers) {}

  /**
   * Counts a bucket: {@code size} and {@code versions} over every version that is not a delete
   * marker (current and noncurrent alike), {@code objects} the keys with at least one such version.
   */
  static BucketUsage count(
      NodeStore.Bucket b, long @Nullable [] sizeHistogram, long @Nullable [] versionHistogram) {
    long size = 0;
    long objects = 0;
    long versions = 0;
    long markers = 0;
    for (Map.Entry<String, NodeStore.StoredObject> e : b.objects.entrySet()) {
      List<NodeStore.StoredObject> older = b.noncurrent.getOrDefault(e.getKey(), List.of());
      long live = 0;
      List<NodeStore.StoredObject> all = new ArrayList<>(older.size() + 1);
      all.add(e.getValue());
      all.addAll(older);
      for (NodeStore.StoredObject v : all) {
        if (v.deleteMarker) {
          markers++;
          continue;
        }
        live++;
        size += v.size;
        if (sizeHistogram != null) {
          sizeHistogram[slot(SIZE_FLOORS, v.size)]++;
        }
      }
      if (live > 0) {
        objects++;
        if (versionHistogram != null) {
          versionHistogram[slot(VERSION_FLOORS, live)]++;
        }
      }
      versions += live;
    }
    return new BucketUsage(size, objects, versions, markers);
  }

  private static int slot(long[] floors, long value) {
    int i = floors.length - 1;
    while (i > 0 && value < floors[i]) {
      i--;
    }
    return i;
  }

  /** Bytes the node's drive holds: every stored version and every uploaded part. */
  private long usedBytes() {
    long used = 0;
    for (NodeStore.Bucket b : store.state().buckets.values()) {
      used += b.usedBytes();
      for (NodeStore.Upload u : b.uploads.values()) {
        used += u.parts.values().stream().mapToLong(p -> p.size).sum();
      }
    }
    return used;
  }

  /** RustFS serialises {@code SystemTime} with serde's default: seconds and nanoseconds. */
  private static ObjectNode systemTime(Instant t) {
    ObjectNode n = Policies.JSON.createObjectNode();
    n.put("secs_since_epoch", t.getEpochSecond());
    n.put("nanos_since_epoch", t.getNano());
    return n;
  }

  /**
   * {@code GET datausageinfo}. A bucket the scanner has not reached yet (younger than {@link
   * NodeStore#usageScanDelay()}) is absent, never a zero, and the snapshot is then not complete, as
   * RustFS's {@code narrow_data_usage_snapshot_to_measured_buckets} leaves it.
   */
  Reply dataUsageInfo() {
    ObjectNode n = Policies.JSON.createObjectNode();
    synchronized (store) {
      long total = store.diskBytes();
      long free = Math.max(0, total - usedBytes());
      n.put("total_capacity", total);
      n.put("total_used_capacity", total - free);
      n.put("total_free_capacity", free);
      Instant now = clock.instant();
      n.set("last_update", systemTime(now));
      ObjectNode usage = Policies.JSON.createObjectNode();
      ObjectNode sizes = Policies.JSON.createObjectNode();
      long objects = 0;
      long versions = 0;
      long markers = 0;
      long bytes = 0;
      boolean complete = true;
      for (Map.Entry<String, NodeStore.Bucket> e : store.state().buckets.entrySet()) {
        if (!counted(e.getValue(), now)) {
          complete = false;
          continue;
        }
        long[] sizeHistogram = new long[SIZE_NAMES.length];
        long[] versionHistogram = new long[VERSION_NAMES.length];
        BucketUsage u = count(e.getValue(), sizeHistogram, versionHistogram);
        usage.set(e.getKey(), bucketJson(u, sizeHistogram, versionHistogram));
        sizes.put(e.getKey(), u.size());
        objects += u.objects();
        versions += u.versions();
        markers += u.deleteMarkers();
        bytes += u.size();
      }
      n.put("objects_total_count", objects);
      n.put("versions_total_count", versions);
      n.put("delete_markers_total_count", markers);
      n.put("objects_total_size", bytes);
      n.putObject("replication_info");
      n.put("buckets_count", usage.size());
      n.set("buckets_usage", usage);
      n.put("usage_snapshot_complete", complete);
      n.set("bucket_sizes", sizes);
      n.putArray("disk_usage_status")
          .addObject()
          .put("disk_id", diskId)
          .put("pool_index", 0)
          .put("set_index", 0)
          .put("disk_index", 0)
          .<ObjectNode>set("last_update", systemTime(now))
          .put("snapshot_exists", true);
    }
    return Reply.json(200, n.toString());
  }

  private boolean counted(NodeStore.Bucket b, Instant now) {
    try {
      return !now.isBefore(Instant.parse(b.created).plus(store.usageScanDelay()));
    } catch (java.time.format.DateTimeParseException e) {
      return true; // a bucket from an older state file: counted long ago
    }
  }

  private static ObjectNode bucketJson(
      BucketUsage u, long[] sizeHistogram, long[] versionHistogram) {
    ObjectNode b = Policies.JSON.createObjectNode();
    b.put("size", u.size());
    b.put("replication_pending_size_v1", 0);
    b.put("replication_failed_size_v1", 0);
    b.put("replicated_size_v1", 0);
    b.put("replication_pending_count_v1", 0);
    b.put("replication_failed_count_v1", 0);
    b.put("objects_count", u.objects());
    ObjectNode sizes = b.putObject("object_size_histogram");
    for (int i = 0; i < SIZE_NAMES.length; i++) {
      sizes.put(SIZE_NAMES[i], sizeHistogram[i]);
    }
    // the v1-compatible roll-up of every range inside [1 KiB, 1 MiB)
    sizes.put(
        "BETWEEN_1024B_AND_1_MB",
        sizeHistogram[1] + sizeHistogram[2] + sizeHistogram[3] + sizeHistogram[4]);
    ObjectNode versions = b.putObject("object_versions_histogram");
    for (int i = 0; i < VERSION_NAMES.length; i++) {
      versions.put(VERSION_NAMES[i], versionHistogram[i]);
    }
    b.put("versions_count", u.versions());
    b.put("delete_markers_count", u.deleteMarkers());
    b.put("replica_size", 0);
    b.put("replica_count", 0);
    b.putObject("replication_info");
    return b;
  }

  /**
   * {@code GET storageinfo}: {@code {info: StorageInfo, admin_discovery}} with the node's one drive
   * as a live probe reports it ({@code state "ok"}, {@code runtimeState "online"}).
   */
  Reply storageInfo() {
    ObjectNode n = Policies.JSON.createObjectNode();
    ObjectNode info = n.putObject("info");
    ArrayNode disks = info.putArray("disks");
    synchronized (store) {
      long total = store.diskBytes();
      long used = Math.min(total, usedBytes());
      Path dir = store.dataDir();
      String path = dir == null ? "/data" : dir.toAbsolutePath().toString();
      ObjectNode d = disks.addObject();
      d.put("endpoint", path);
      d.put("rootDisk", false);
      d.put("path", path);
      d.put("healing", false);
      d.put("scanning", false);
      d.put("state", "ok");
      d.put("uuid", diskId);
      d.put("major", 0);
      d.put("minor", 0);
      d.putNull("model");
      d.put("totalspace", total);
      d.put("usedspace", used);
      d.put("availspace", total - used);
      d.put("readthroughput", 0.0);
      d.put("writethroughput", 0.0);
      d.put("readlatency", 0.0);
      d.put("writelatency", 0.0);
      d.put("utilization", total == 0 ? 0.0 : used * 100.0 / total);
      ObjectNode metrics = d.putObject("metrics");
      metrics.putObject("last_minute");
      metrics.putObject("api_calls");
      metrics.put("total_waiting", 0);
      metrics.put("total_errors_availability", 0);
      metrics.put("total_errors_timeout", 0);
      metrics.put("total_writes", 0);
      metrics.put("total_deletes", 0);
      d.putNull("heal_info");
      d.put("used_inodes", 0);
      d.put("free_inodes", 0);
      d.put("local", true);
      d.put("pool_index", 0);
      d.put("set_index", 0);
      d.put("disk_index", 0);
      d.put("runtimeState", "online");
      d.put("capacityObservationSource", "live_probe");
      d.put("capacityObservationAgeSeconds", 0);
    }
    ObjectNode backend = info.putObject("backend");
    backend.put("BackendType", "Erasure");
    backend.putObject("OnlineDisks").put(endpoint.get(), 1);
    backend.putObject("OfflineDisks").put(endpoint.get(), 0);
    backend.putArray("StandardSCData").add(1);
    backend.putArray("StandardSCParities").add(0);
    backend.put("StandardSCParity", 0);
    backend.putArray("RRSCData").add(1);
    backend.putArray("RRSCParities").add(0);
    backend.put("RRSCParity", 0);
    backend.putArray("TotalSets").add(1);
    backend.putArray("DrivesPerSet").add(1);
    n.putObject("admin_discovery")
        .put("runtimeCapabilities", "/rustfs/admin/v4/runtime/capabilities")
        .put("clusterSnapshot", "/rustfs/admin/v4/cluster/snapshot")
        .put("extensionsCatalog", "/rustfs/admin/v4/extensions/catalog");
    return Reply.json(200, n.toString());
  }
}
