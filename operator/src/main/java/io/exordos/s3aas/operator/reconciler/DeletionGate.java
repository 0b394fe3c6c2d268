package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an instance that is being deleted may tear down its nodes: every bucket on them
 * must let its data go. A bucket whose policy is {@code Retain}, or {@code DeleteIfEmpty} while it
 * holds objects, blocks; {@code Delete} never does. The instance's default bucket ({@code
 * spec.bucketName}) is {@code DeleteIfEmpty} unless a Bucket resource names the same S3 bucket, in
 * which case that resource's policy rules it.
 *
 * <p>Emptiness is asked of the node at each pass, never taken from a cache. When nothing blocks,
 * the empty {@code DeleteIfEmpty} buckets are removed from the node before anything else goes:
 * DeleteBucket is the node's own check (it also counts object versions), and a removed bucket can
 * take no new object, so an object written since the check blocks instead of being lost.
 */
final class DeletionGate {
  private final OperatorServices services;

  DeletionGate(OperatorServices services) {
    this.services = services;
  }

  /** One bucket that keeps the instance's nodes alive, and what the user can do about it. */
  record Blocker(String bucket, String why) {
    @Override
    public String toString() {
      return bucket + " (" + why + ")";
    }
  }

  /** The buckets that block the teardown now; empty when the nodes may go. */
  List<Blocker> check(S3Instance instance, List<Bucket> buckets) {
    Map<String, Rule> rules = rules(instance, buckets);
    if (rules.values().stream().allMatch(r -> r.policy() == DeletionPolicy.Delete)) {
      return List.of(); // nothing to ask the node: also the way out when it cannot be reached
    }
    Optional<NodeClient> node = services.instances().clientWhileDeleting(instance);
    if (node.isEmpty()) {
      return List.of(); // the instance never served S3: no bucket holds data
    }
    Set<String> onNode = node.get().listBuckets();
    List<Blocker> blockers = new ArrayList<>();
    Map<String, Rule> removable = new LinkedHashMap<>();
    for (Map.Entry<String, Rule> e : rules.entrySet()) {
      String name = e.getKey();
      Rule rule = e.getValue();
      if (!onNode.contains(name)) {
        continue;
      }
      switch (rule.policy()) {
        case Delete -> {
          // its objects go with the nodes, as asked
        }
        case Retain ->
            blockers.add(
                new Blocker(
                    name,
                    rule.owner()
                        + " has deletionPolicy Retain: set its deletionPolicy to Delete, or delete"
                        + " the Bucket resource, to let its objects go with the instance"));
        case DeleteIfEmpty -> {
          if (node.get().isEmpty(name)) {
            removable.put(name, rule);
          } else {
            blockers.add(notEmpty(name, rule));
          }
        }
      }
    }
    if (!blockers.isEmpty()) {
      return blockers;
    }
    String key = InstanceDirectory.key(instance);
    for (Map.Entry<String, Rule> e : removable.entrySet()) {
      try {
        node.get().removeBucket(e.getKey());
        services.cache().bucketRemoved(key, e.getKey());
      } catch (NodeException ex) {
        if (!"BucketNotEmpty".equals(ex.code())) {
          throw ex;
        }
        blockers.add(notEmpty(e.getKey(), e.getValue()));
      }
    }
    return blockers;
  }

  private static Blocker notEmpty(String name, Rule rule) {
    return new Blocker(
        name,
        rule.owner()
            + (rule.declared() ? " has deletionPolicy DeleteIfEmpty and" : " (DeleteIfEmpty)")
            + " holds objects: empty it (every object version, if versioning was on)"
            + (rule.declared() ? ", or set its deletionPolicy to Delete" : ""));
  }

  /** The policy of a bucket on the node and who sets it (a Bucket resource, or the instance). */
  private record Rule(DeletionPolicy policy, String owner, boolean declared) {}

  private static Map<String, Rule> rules(S3Instance instance, List<Bucket> buckets) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    String defaultBucket = instance.getSpec().getBucketName();
    if (defaultBucket != null && !defaultBucket.isEmpty()) {
      rules.put(
          defaultBucket,
          new Rule(DeletionPolicy.DeleteIfEmpty, "the instance's default bucket", false));
    }
    for (Bucket b : buckets) {
      DeletionPolicy p = b.getSpec().getDeletionPolicy();
      rules.put(
          BucketReconciler.bucketName(b),
          new Rule(
              p == null ? DeletionPolicy.DeleteIfEmpty : p,
              "Bucket " + b.getMetadata().getName(),
              true));
    }
    return rules;
  }
}
