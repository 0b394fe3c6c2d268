package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Node sets and their nodes. A set walks NEW → IN_PROGRESS → ACTIVE over the configured delays (or
 * ERROR when a fault says so); when it becomes ACTIVE every node gets its own loopback address,
 * which is reported as the node's {@code ipv4}. Updating a set walks it through IN_PROGRESS again;
 * deleting it stops its nodes.
 */
final class ComputeService {
  private static final Set<String> SET_WRITABLE =
      Set.of(
          "uuid",
          "name",
          "description",
          "project_id",
          "replicas",
          "cores",
          "ram",
          "disk_spec",
          "node_type",
          "set_type",
          "default_network");
  private static final Set<String> SET_READ_ONLY =
      Set.of("status", "nodes", "created_at", "updated_at");
  private static final Set<String> SET_UPDATABLE =
      Set.of("name", "description", "replicas", "cores", "ram", "disk_spec");
  private static final Set<String> SET_FILTERS =
      Set.of("uuid", "name", "status", "project_id", "node_type", "set_type");
  private static final Set<String> NODE_FILTERS =
      Set.of("uuid", "name", "status", "project_id", "node_set", "node_type");

  private final Object lock;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final LoopbackAddresses addresses;
  private final NodeRuntime runtime;
  private final ExordosCore.Config config;
  private final Map<String, ObjectNode> sets = new LinkedHashMap<>();
  private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();

  /** Bumped on every change of a set, so a delayed step scheduled before the change is dropped. */
  private final Map<String, Integer> generations = new ConcurrentHashMap<>();

  /**
   * When each set last turned ACTIVE, by the emulator's clock: what a benchmark compares with the
   * moment the operator reports the instance ACTIVE.
   */
  private final Map<String, Instant> activeSince = new ConcurrentHashMap<>();

  private final Set<String> failingSets = ConcurrentHashMap.newKeySet();
  private volatile int failNextSets;
  private Consumer<String> onNodeActive = n -> {};
  private Consumer<String> onNodeGone = n -> {};

  ComputeService(
      Object lock,
      Clock clock,
      ScheduledExecutorService scheduler,
      LoopbackAddresses addresses,
      NodeRuntime runtime,
      ExordosCore.Config config) {
    this.lock = lock;
    this.clock = clock;
    this.scheduler = scheduler;
    this.addresses = addresses;
    this.runtime = runtime;
    this.config = config;
  }

  void listeners(Consumer<String> nodeActive, Consumer<String> nodeGone) {
    this.onNodeActive = nodeActive;
    this.onNodeGone = nodeGone;
  }

  // ---------------------------------------------------------------- API

  ObjectNode create(ObjectNode body, String project) {
    Resources.checkFields(body, SET_WRITABLE, SET_READ_ONLY);
    ObjectNode set = Resources.newItem(body, project);
    String uuid = set.get("uuid").asText();
    set.put("replicas", Resources.intField(body, "replicas", 0, 4096, 1));
    set.put("cores", Resources.intField(body, "cores", 1, 4096, null));
    set.put("ram", Resources.intField(body, "ram", 1, Integer.MAX_VALUE, null));
    DiskSpec.validate(body.get("disk_spec"));
    set.set("disk_spec", DiskSpec.asStored(body.get("disk_spec")));
    String nodeType = Resources.textField(body, "node_type", "VM");
    if (!nodeType.equals("VM") && !nodeType.equals("HW")) {
      throw CoreException.badRequest("node_type must be VM or HW");
    }
    set.put("node_type", nodeType);
    String setType = Resources.textField(body, "set_type", "SET");
    if (!setType.equals("SET")) {
      throw CoreException.badRequest("set_type must be SET");
    }
    set.put("set_type", setType);
    set.set(
        "default_network",
        body.has("default_network")
            ? body.get("default_network").deepCopy()
            : Resources.JSON.createObjectNode());
    set.put("status", "NEW");
    set.putObject("nodes");
    String now = clock.instant().toString();
    set.put("created_at", now);
    set.put("updated_at", now);
    synchronized (lock) {
      if (sets.containsKey(uuid)) {
        throw new CoreException(409, "ConflictError", "Node set " + uuid + " already exists");
      }
      sets.put(uuid, set);
      if (failNextSets > 0) {
        failNextSets--;
        failingSets.add(uuid);
      }
      converge(uuid, true);
      return set.deepCopy();
    }
  }

  ObjectNode get(String uuid, String project) {
    synchronized (lock) {
      return owned(uuid, project).deepCopy();
    }
  }

  ArrayNode list(Map<String, List<String>> filters, String project) {
    synchronized (lock) {
      return Resources.listInProject(sets.values(), project, filters, SET_FILTERS);
    }
  }

  ObjectNode update(String uuid, ObjectNode body, String project) {
    synchronized (lock) {
      ObjectNode set = owned(uuid, project);
      ObjectNode changes =
          Resources.updatableFields(set, body, SET_WRITABLE, SET_READ_ONLY, SET_UPDATABLE);
      ObjectNode merged = set.deepCopy();
      merged.setAll(changes);
      Resources.intField(merged, "replicas", 0, 4096, 1);
      Resources.intField(merged, "cores", 1, 4096, null);
      Resources.intField(merged, "ram", 1, Integer.MAX_VALUE, null);
      DiskSpec.validate(merged.get("disk_spec"));
      SET_UPDATABLE.forEach(
          f -> {
            if (body.has(f)) {
              set.set(
                  f,
                  f.equals("disk_spec") ? DiskSpec.asStored(body.get(f)) : body.get(f).deepCopy());
            }
          });
      set.put("updated_at", clock.instant().toString());
      converge(uuid, false);
      return set.deepCopy();
    }
  }

  void delete(String uuid, String project) {
    synchronized (lock) {
      owned(uuid, project);
      sets.remove(uuid);
      generations.merge(uuid, 1, Integer::sum);
      for (String node : nodesOf(uuid)) {
        removeNode(node);
      }
    }
  }

  ObjectNode privateKeys(String uuid, String project) {
    synchronized (lock) {
      ObjectNode out = Resources.JSON.createObjectNode();
      owned(uuid, project)
          .path("nodes")
          .fieldNames()
          .forEachRemaining(n -> out.put(n, "emulated-private-key-" + n));
      return out;
    }
  }

  ArrayNode listNodes(Map<String, List<String>> filters, String project) {
    synchronized (lock) {
      return Resources.listInProject(nodes.values(), project, filters, NODE_FILTERS);
    }
  }

  ObjectNode getNode(String uuid, String project) {
    synchronized (lock) {
      ObjectNode n = nodes.get(uuid);
      if (n == null || !Resources.inProject(n, project)) {
        throw CoreException.notFound("Node " + uuid);
      }
      return n.deepCopy();
    }
  }

  /** Node lookup for the config service (no project check: configs carry their own). */
  @Nullable ObjectNode nodeOrNull(String uuid) {
    synchronized (lock) {
      return nodes.get(uuid);
    }
  }

  /** The nodes that belong to a node set now (none when the set is unknown). */
  List<String> nodesOfSet(String setUuid) {
    synchronized (lock) {
      return nodesOf(setUuid);
    }
  }

  // ---------------------------------------------------------------- faults

  void failSet(String uuid) {
    synchronized (lock) {
      failingSets.add(uuid);
      if (sets.containsKey(uuid)) {
        converge(uuid, false);
      }
    }
  }

  void failNextSets(int count) {
    failNextSets = count;
  }

  /**
   * The VM vanishes: its RustFS stops, it leaves the set, and Core recreates a replacement after
   * the delay.
   */
  void loseNode(String nodeUuid) {
    synchronized (lock) {
      ObjectNode node = nodes.get(nodeUuid);
      if (node == null) {
        throw new IllegalArgumentException("no such node " + nodeUuid);
      }
      String setUuid = node.path("node_set").asText();
      removeNode(nodeUuid);
      if (sets.containsKey(setUuid)) {
        converge(setUuid, false);
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** A node set the lifecycle is working on (callers hold {@code lock} or just created it). */
  private ObjectNode set(String uuid) {
    return Objects.requireNonNull(sets.get(uuid), () -> "no node set " + uuid);
  }

  private ObjectNode node(String uuid) {
    return Objects.requireNonNull(nodes.get(uuid), () -> "no node " + uuid);
  }

  private void converge(String uuid, boolean fresh) {
    int gen = generations.merge(uuid, 1, Integer::sum);
    ObjectNode set = set(uuid);
    if (!fresh) {
      set.put("status", "IN_PROGRESS");
    }
    Duration toProgress = fresh ? config.provisioningDelay() : Duration.ZERO;
    later(toProgress, () -> step(uuid, gen, () -> set(uuid).put("status", "IN_PROGRESS")));
    later(toProgress.plus(config.activationDelay()), () -> step(uuid, gen, () -> realize(uuid)));
  }

  private void later(Duration delay, Runnable task) {
    // fire and forget: nothing waits for the step, whose outcome shows in the state it sets
    ScheduledFuture<?> unused = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void step(String uuid, int gen, Runnable action) {
    List<String> activated = new ArrayList<>();
    synchronized (lock) {
      if (!sets.containsKey(uuid) || generations.getOrDefault(uuid, 0) != gen) {
        return;
      }
      Set<String> before = Set.copyOf(nodesOf(uuid));
      action.run();
      nodesOf(uuid).stream().filter(n -> !before.contains(n)).forEach(activated::add);
    }
    activated.forEach(onNodeActive);
  }

  private void realize(String uuid) {
    ObjectNode set = set(uuid);
    if (failingSets.contains(uuid)) {
      set.put("status", "ERROR");
      return;
    }
    int replicas = set.path("replicas").asInt();
    List<String> current = nodesOf(uuid);
    while (current.size() > replicas) {
      removeNode(current.remove(current.size() - 1));
    }
    while (current.size() < replicas) {
      current.add(addNode(set));
    }
    for (String n : current) {
      ObjectNode node = node(n);
      node.put("cores", set.path("cores").asInt());
      node.put("ram", set.path("ram").asInt());
      node.set("disk_spec", set.get("disk_spec").deepCopy());
    }
    ObjectNode view = set.putObject("nodes");
    current.forEach(
        n -> view.putObject(n).put("ipv4", node(n).path("default_network").path("ipv4").asText()));
    Instant now = clock.instant();
    set.put("status", "ACTIVE");
    set.put("updated_at", now.toString());
    activeSince.put(set.path("uuid").asText(), now);
  }

  /** When the set last turned ACTIVE; empty if it never did. */
  Optional<Instant> activeSince(String setUuid) {
    return Optional.ofNullable(activeSince.get(setUuid));
  }

  private String addNode(ObjectNode set) {
    String uuid = UUID.randomUUID().toString();
    ObjectNode node = Resources.JSON.createObjectNode();
    node.put("uuid", uuid);
    String name = set.path("name").asText() + "-node-" + uuid.substring(0, 8);
    node.put("name", name);
    node.put("hostname", name);
    node.put("project_id", set.path("project_id").asText());
    node.put("node_set", set.path("uuid").asText());
    node.put("node_type", set.path("node_type").asText());
    node.put("status", "ACTIVE");
    ObjectNode net = node.putObject("default_network");
    net.put("ipv4", addresses.allocate());
    net.put("mask", "255.0.0.0");
    String now = clock.instant().toString();
    node.put("created_at", now);
    node.put("updated_at", now);
    nodes.put(uuid, node);
    return uuid;
  }

  private void removeNode(String nodeUuid) {
    nodes.remove(nodeUuid);
    runtime.destroy(nodeUuid);
    for (ObjectNode set : sets.values()) {
      ((ObjectNode) set.path("nodes")).remove(nodeUuid);
    }
    onNodeGone.accept(nodeUuid);
  }

  private List<String> nodesOf(String setUuid) {
    List<String> out = new ArrayList<>();
    nodes.forEach(
        (id, n) -> {
          if (n.path("node_set").asText().equals(setUuid)) {
            out.add(id);
          }
        });
    return out;
  }

  private ObjectNode owned(String uuid, String project) {
    ObjectNode set = sets.get(uuid);
    if (set == null || !Resources.inProject(set, project)) {
      throw CoreException.notFound("Node set " + uuid);
    }
    return set;
  }
}
