package io.exordos.s3aas.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one bulk observation of an instance's data plane saw: every user, canned policy and bucket,
 * plus the full settings of the few buckets sampled in this poll. Reconcilers read it instead of
 * asking the node per object, and write their own changes through it so the next reconcile does not
 * see a stale "missing".
 */
public final class NodeSnapshot {
  final Map<String, ObservedUser> users = new ConcurrentHashMap<>();
  final Map<String, JsonNode> policies = new ConcurrentHashMap<>();
  final Set<String> buckets = ConcurrentHashMap.newKeySet();
  final Map<String, BucketSettings> sampledSettings = new ConcurrentHashMap<>();
  final Instant takenAt;

  NodeSnapshot(Instant takenAt) {
    this.takenAt = takenAt;
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

  public Instant takenAt() {
    return takenAt;
  }
}
