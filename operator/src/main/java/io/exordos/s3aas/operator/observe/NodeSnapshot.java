package io.exordos.s3aas.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import io.exordos.s3aas.operator.rustfs.NodeUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What one bulk observation of an instance's data plane saw: every user, canned policy and bucket,
 * plus the full settings of the few buckets sampled in this poll, and the node's own usage report.
 * Reconcilers read it instead of asking the node per object, and write their own changes through it
 * so the next reconcile does not see a stale "missing".
 */
public final class NodeSnapshot {
  final Map<String, ObservedUser> users = new ConcurrentHashMap<>();
  final Map<String, JsonNode> policies = new ConcurrentHashMap<>();
  final Set<String> buckets = ConcurrentHashMap.newKeySet();
  final Map<String, BucketSettings> sampledSettings = new ConcurrentHashMap<>();
  final Instant takenAt;
  // null when the node's usage could not be read in this poll
  volatile NodeUsage.@Nullable Data usage;
  // the drives as last read (storage info is read every few polls, so this may be older)
  volatile List<NodeUsage.Drive> drives = List.of();

  NodeSnapshot(Instant takenAt) {
    this.takenAt = takenAt;
  }

  /** A snapshot holding only a usage report (tests of what status shows from it). */
  public static NodeSnapshot ofUsage(
      Instant takenAt, NodeUsage.@Nullable Data usage, List<NodeUsage.Drive> drives) {
    NodeSnapshot s = new NodeSnapshot(takenAt);
    s.usage = usage;
    s.drives = List.copyOf(drives);
    return s;
  }

  public Map<String, ObservedUser> users() {
    return users;
  }

  public Map<String, JsonNode> policies() {
    return policies;
  }

  public Set<String> buckets() {
    return buckets;
  }

  /** Settings read in the poll that made this snapshot (a rotating sample of the buckets). */
  public Map<String, BucketSettings> sampledSettings() {
    return sampledSettings;
  }

  /** The node's usage scan as read in this poll; null when it could not be read. */
  public NodeUsage.@Nullable Data usage() {
    return usage;
  }

  /** The drives with their capacity, as last read. */
  public List<NodeUsage.Drive> drives() {
    return drives;
  }

  public Instant takenAt() {
    return takenAt;
  }
}
