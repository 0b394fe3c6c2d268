package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices at once when Core moves an instance that is being provisioned: while any instance waits
 * on Core, one ListNodeSets and one ListConfigs call per period (for every waiting instance
 * together, so the cost does not grow with their number) and, for a set whose configs are all
 * applied, its nodes' {@code /health/ready} (probed in the background, one probe per node at a
 * time, the answers read by the next look); an instance whose set, configs or nodes changed is
 * handed to the listener, which reconciles it. Without it the instance would be looked at again
 * only after the provision check interval (2 s by default) at each of its two waits (the set, then
 * the configs), which made the time from a set turning ACTIVE to the instance turning ACTIVE 2-5 s.
 * Nothing is called while no instance waits.
 */
final class CoreProgressWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoreProgressWatch.class);

  /** An instance waiting on Core: its set, and what Core showed of it when last looked at. */
  private record Waiting(String namespace, String name, int nodes, String fingerprint) {}

  private final ExordosClient core;
  private final Function<ProvisionResult.NodeAddress, CompletableFuture<Boolean>> probe;
  private final Duration period;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

  /** The last answer of each awaited node's RustFS (true: it answered), and probes under way. */
  private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

  private final Set<String> probing = ConcurrentHashMap.newKeySet();
  private volatile BiConsumer<String, String> listener = (ns, name) -> {};
  private @Nullable ScheduledExecutorService timer;
  private @Nullable ScheduledFuture<?> task;

  /**
   * @param probe whether a node's RustFS answers; its future must complete (false on any failure)
   *     within a few seconds
   */
  CoreProgressWatch(
      ExordosClient core,
      Function<ProvisionResult.NodeAddress, CompletableFuture<Boolean>> probe,
      Duration period) {
    this.core = core;
    this.probe = probe;
    this.period = period;
  }

  /** Who is told (namespace, name) when an instance's set or configs moved. */
  synchronized void listen(BiConsumer<String, String> l) {
    listener = l;
    if (timer == null) {
      ScheduledExecutorService t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread th = new Thread(r, "exordos-progress");
                th.setDaemon(true);
                return th;
              });
      timer = t;
      task =
          t.scheduleWithFixedDelay(
              this::look, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The instance waits on Core with its set as {@code fingerprint} shows it now. */
  void waitFor(InstancePlan plan, String fingerprint) {
    waiting.put(
        plan.nodeSetUuid().toString(),
        new Waiting(plan.namespace(), plan.name(), plan.nodes(), fingerprint));
  }

  /** The instance no longer waits on Core (ready, failed, or gone). */
  void done(InstancePlan plan) {
    waiting.remove(plan.nodeSetUuid().toString());
  }

  /**
   * What the watch compares, and what {@link ExordosProvisioner#ensure} saw: the set's status and
   * nodes; once it is ACTIVE with all its nodes, each node's config status (the configs ensure
   * reads); once every config is ACTIVE, whether each node answers (the health ensure checks).
   */
  static String fingerprint(
      JsonNode set,
      Map<String, JsonNode> configsByNode,
      int expectedNodes,
      Predicate<ProvisionResult.NodeAddress> ready) {
    List<ProvisionResult.NodeAddress> nodes = ExordosProvisioner.nodes(set);
    String status = set.path("status").asText();
    // NEW and IN_PROGRESS ask nothing of the operator: only a step it acts on counts as a change
    StringBuilder b = new StringBuilder(actionable(status));
    nodes.forEach(n -> b.append(' ').append(n.id()));
    if (!"ACTIVE".equals(status) || nodes.size() < expectedNodes) {
      return b.toString();
    }
    for (ProvisionResult.NodeAddress n : nodes) {
      b.append(' ').append(actionable(configStatus(configsByNode, n)));
    }
    appliedNodes(set, configsByNode, expectedNodes)
        .forEach(n -> b.append(ready.test(n) ? " up" : " down"));
    return b.toString();
  }

  /**
   * The set's nodes when it is ACTIVE with all of them and every one's config is applied (the nodes
   * whose RustFS is waited for), else none.
   */
  static List<ProvisionResult.NodeAddress> appliedNodes(
      JsonNode set, Map<String, JsonNode> configsByNode, int expectedNodes) {
    List<ProvisionResult.NodeAddress> nodes = ExordosProvisioner.nodes(set);
    if (!"ACTIVE".equals(set.path("status").asText()) || nodes.size() < expectedNodes) {
      return List.of();
    }
    for (ProvisionResult.NodeAddress n : nodes) {
      if (!"ACTIVE".equals(configStatus(configsByNode, n))) {
        return List.of();
      }
    }
    return nodes;
  }

  private static String configStatus(
      Map<String, JsonNode> configsByNode, ProvisionResult.NodeAddress node) {
    JsonNode c = configsByNode.get(node.id());
    return c == null ? "NONE" : c.path("status").asText();
  }

  private static String actionable(String status) {
    return "ACTIVE".equals(status) || "ERROR".equals(status) ? status : "BUSY";
  }

  private void look() {
    if (waiting.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      Map<String, JsonNode> sets = new HashMap<>();
      core.listNodeSets(Map.of()).forEach(s -> sets.put(s.path("uuid").asText(), s));
      // a node's rustfs.env config, by node (configs of nodes replaced earlier are left out, as
      // ensure reads only the current nodes' configs)
      Map<String, JsonNode> configs = new HashMap<>();
      for (JsonNode c : core.listConfigs(Map.of("path", ExordosProvisioner.ENV_PATH))) {
        configs.put(c.path("target").path("node").asText(), c);
      }
      long listed = System.nanoTime();
      Set<String> awaited = new HashSet<>();
      waiting.forEach(
          (setUuid, w) -> {
            JsonNode set = sets.get(setUuid);
            if (set != null) {
              appliedNodes(set, configs, w.nodes()).forEach(n -> awaited.add(probe(n)));
            }
          });
      answers.keySet().retainAll(awaited);
      Predicate<ProvisionResult.NodeAddress> ready = n -> answers.getOrDefault(n.id(), false);
      waiting.forEach(
          (setUuid, w) -> {
            JsonNode set = sets.get(setUuid);
            if (set == null) {
              return; // not created yet, or the create has not landed: the reconcile retries
            }
            String now = fingerprint(set, configs, w.nodes(), ready);
            if (!Objects.equals(now, w.fingerprint())) {
              waiting.put(setUuid, new Waiting(w.namespace(), w.name(), w.nodes(), now));
              listener.accept(w.namespace(), w.name());
            }
          });
      LOG.debug(
          "look at Core: {} waiting, lists {} ms, {} nodes awaited ({} probes under way), all {} ms",
          waiting.size(),
          (listed - start) / 1_000_000,
          awaited.size(),
          probing.size(),
          (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      // Core unreachable just now: the instances' own rechecks still run
      LOG.debug("looking at Core for provisioning progress: {}", e.toString());
    }
  }

  /**
   * Asks the node's RustFS whether it answers, unless a probe of it is under way; the answer is
   * used by the first look after it arrives. A look never waits for probes: at 300 waiting
   * instances on 2 busy cores, waiting for all of them made a look take seconds instead of 250 ms.
   * Returns the node's id.
   */
  private String probe(ProvisionResult.NodeAddress node) {
    String id = node.id();
    if (probing.add(id)) {
      // nothing waits for the probe: its answer lands in answers, read by the next look
      CompletableFuture<Boolean> unused =
          probe
              .apply(node)
              .whenComplete(
                  (up, e) -> {
                    answers.put(id, e == null && Boolean.TRUE.equals(up));
                    probing.remove(id);
                  });
    }
    return id;
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
