package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Instances as Exordos Core node sets: one set per instance whose UUID derives from the instance
 * UID (so a crash never makes a second one), sized by cpu/ram/disk and node count, booting the
 * version's image with a data disk; one config per node writing {@code rustfs.env} and restarting
 * RustFS when it changes. Ready means the set is ACTIVE, every config is ACTIVE and every node
 * answers {@code /health/ready}.
 */
public final class ExordosProvisioner implements Provisioner {
  public static final String ENV_PATH = "/etc/exordos_metapaas/rustfs.env";
  public static final String RESTART = "systemctl restart exordos-metapaas-rustfs";
  public static final int RUSTFS_PORT = 9000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROOT_DISK_GB = 6;

  /** How often Core is looked at while instances wait on it (see {@link CoreProgressWatch}). */
  static final Duration PROGRESS_PERIOD = Duration.ofMillis(250);

  private final ExordosClient core;
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient health =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final CoreProgressWatch progress;

  public ExordosProvisioner(ExordosClient core) {
    this.core = core;
    this.progress = new CoreProgressWatch(core, this::readyLater, PROGRESS_PERIOD);
  }

  @Override
  public void onProgress(BiConsumer<String, String> listener) {
    progress.listen(listener);
  }

  @Override
  public boolean reportsProgress() {
    return true;
  }

  @Override
  public void close() {
    progress.close();
  }

  @Override
  public String name() {
    return "exordos";
  }

  /**
   * One step towards the plan. While the instance waits on Core (the set, its configs, its nodes'
   * RustFS), {@link CoreProgressWatch} is told what this step saw, so the instance is reconciled as
   * soon as Core shows something else, rather than only after the provision check interval.
   */
  @Override
  public ProvisionResult ensure(InstancePlan plan) {
    Map<String, JsonNode> configs = new HashMap<>();
    Map<String, Boolean> answered = new HashMap<>();
    JsonNode[] seen = new JsonNode[1];
    ProvisionResult result = step(plan, seen, configs, answered);
    if (result.state() == ProvisionResult.State.PROVISIONING && seen[0] != null) {
      progress.waitFor(
          plan,
          CoreProgressWatch.fingerprint(
              seen[0], configs, plan.nodes(), n -> answered.getOrDefault(n.id(), false)));
    } else {
      progress.done(plan);
    }
    return result;
  }

  /**
   * {@code seen[0]} is set to the node set as Core showed it, {@code configs} to each node's config
   * and {@code answered} to each node's health, as far as the step got.
   */
  private ProvisionResult step(
      InstancePlan plan,
      JsonNode[] seen,
      Map<String, JsonNode> configs,
      Map<String, Boolean> answered) {
    String uuid = plan.nodeSetUuid().toString();
    Optional<JsonNode> found = core.getNodeSet(uuid);
    if (found.isEmpty()) {
      seen[0] = core.createNodeSet(desiredSet(plan));
      return ProvisionResult.provisioning(
          List.of(), false, "NodeSetCreating", "node set " + uuid + " requested from Exordos");
    }
    JsonNode set = found.get();
    seen[0] = set;
    List<ProvisionResult.NodeAddress> nodes = nodes(set);
    String status = set.path("status").asText();
    if ("ERROR".equals(status)) {
      return ProvisionResult.failed(
          nodes,
          "NodeSetFailed",
          "Exordos reports node set "
              + uuid
              + " in ERROR; delete and recreate the instance, or ask the platform operator to check the hypervisors");
    }
    ObjectNode changes = changes(set, plan);
    if (!changes.isEmpty()) {
      core.updateNodeSet(uuid, changes);
      return ProvisionResult.provisioning(
          nodes, false, "NodeSetUpdating", "node set " + uuid + " is being resized: " + changes);
    }
    if (!"ACTIVE".equals(status) || nodes.size() < plan.nodes()) {
      return ProvisionResult.provisioning(
          nodes,
          false,
          "NodeSetProvisioning",
          "node set "
              + uuid
              + " is "
              + status
              + " with "
              + nodes.size()
              + "/"
              + plan.nodes()
              + " node(s)");
    }
    boolean configsActive = true;
    for (int i = 0; i < nodes.size(); i++) {
      ProvisionResult.NodeAddress node = nodes.get(i);
      String configUuid = Uuids.config(plan.nodeSetUuid(), node.id()).toString();
      Optional<JsonNode> config = core.getConfig(configUuid);
      String current = config.map(c -> c.path("body").path("content").asText(null)).orElse(null);
      String content =
          RustfsEnvTemplate.render(
              RustfsEnvTemplate.variables(
                  plan, current, "0.0.0.0:" + RUSTFS_PORT, volumes(plan), hosts(plan, nodes)));
      if (config.isEmpty()) {
        configs.put(
            node.id(), core.createConfig(desiredConfig(plan, configUuid, node.id(), content)));
        configsActive = false;
      } else if (!content.equals(current)) {
        ObjectNode update = JSON.createObjectNode();
        update.putObject("body").put("kind", "text").put("content", content);
        configs.put(node.id(), core.updateConfig(configUuid, update));
        configsActive = false;
      } else {
        configs.put(node.id(), config.get());
        if (!"ACTIVE".equals(config.get().path("status").asText())) {
          configsActive = false;
        }
      }
    }
    if (!configsActive) {
      return ProvisionResult.provisioning(
          nodes, false, "ConfigApplying", "rustfs.env is being applied to the nodes");
    }
    for (ProvisionResult.NodeAddress node : nodes) {
      boolean up = ready(node);
      answered.put(node.id(), up);
      if (!up) {
        return ProvisionResult.provisioning(
            nodes,
            true,
            "WaitingForRustFS",
            "RustFS on node "
                + node.id()
                + " ("
                + node.ip()
                + ") does not answer /health/ready yet");
      }
    }
    return ProvisionResult.ready(nodes);
  }

  @Override
  public boolean delete(InstancePlan plan) {
    progress.done(plan);
    String uuid = plan.nodeSetUuid().toString();
    Optional<JsonNode> set = core.getNodeSet(uuid);
    List<String> configUuids = new ArrayList<>();
    set.ifPresent(
        s ->
            nodes(s)
                .forEach(
                    n -> configUuids.add(Uuids.config(plan.nodeSetUuid(), n.id()).toString())));
    // configs of nodes replaced earlier carry the set in their description
    for (JsonNode c : core.listConfigs(Map.of("path", ENV_PATH))) {
      if (c.path("description").asText().contains(uuid)) {
        configUuids.add(c.path("uuid").asText());
      }
    }
    configUuids.stream().distinct().forEach(core::deleteConfig);
    core.deleteNodeSet(uuid);
    return true;
  }

  private boolean ready(ProvisionResult.NodeAddress node) {
    return NodeHealth.ready(health, node, HEALTH_TIMEOUT);
  }

  private CompletableFuture<Boolean> readyLater(ProvisionResult.NodeAddress node) {
    return NodeHealth.readyLater(health, node, HEALTH_TIMEOUT);
  }

  static List<ProvisionResult.NodeAddress> nodes(JsonNode set) {
    List<ProvisionResult.NodeAddress> out = new ArrayList<>();
    set.path("nodes")
        .properties()
        .iterator()
        .forEachRemaining(
            e ->
                out.add(
                    new ProvisionResult.NodeAddress(
                        e.getKey(), e.getValue().path("ipv4").asText(), RUSTFS_PORT)));
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }

  static String volumes(InstancePlan plan) {
    return plan.distributed()
        ? "http://node{1..."
            + plan.nodes()
            + "}.rustfs.internal:"
            + RUSTFS_PORT
            + "/var/lib/rustfs/data"
        : "/var/lib/rustfs/data";
  }

  static String hosts(InstancePlan plan, List<ProvisionResult.NodeAddress> nodes) {
    if (!plan.distributed()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      pairs.add(nodes.get(i).ip() + "=node" + (i + 1) + ".rustfs.internal");
    }
    return String.join(",", pairs);
  }

  private static ObjectNode desiredSet(InstancePlan plan) {
    ObjectNode set = JSON.createObjectNode();
    set.put("uuid", plan.nodeSetUuid().toString());
    set.put("name", plan.nodeSetName());
    set.put("description", "s3aas instance " + plan.namespace() + "/" + plan.name());
    set.put("cores", plan.cpu());
    set.put("ram", plan.ramMb());
    set.put("replicas", plan.nodes());
    set.set("disk_spec", diskSpec(plan));
    return set;
  }

  private static ObjectNode diskSpec(InstancePlan plan) {
    ObjectNode spec = JSON.createObjectNode().put("kind", "disks");
    ArrayNode disks = spec.putArray("disks");
    disks.addObject().put("size", ROOT_DISK_GB).put("image", plan.image()).put("label", "root");
    disks
        .addObject()
        .put("size", plan.diskGb())
        .put("label", "data")
        .put("mount_point", "/var/lib/rustfs/data")
        .put("fs", "xfs");
    return spec;
  }

  /** The fields of the set to change in place (cpu, ram, disk growth); empty when it matches. */
  private static ObjectNode changes(JsonNode set, InstancePlan plan) {
    ObjectNode out = JSON.createObjectNode();
    if (set.path("cores").asInt() != plan.cpu()) {
      out.put("cores", plan.cpu());
    }
    if (set.path("ram").asInt() != plan.ramMb()) {
      out.put("ram", plan.ramMb());
    }
    if (set.path("replicas").asInt() != plan.nodes()) {
      out.put("replicas", plan.nodes());
    }
    ObjectNode disks = diskSpec(plan);
    // Core may answer the spec with its defaults written out: compare what it means
    if (!CoreDiskSpec.same(disks, set.path("disk_spec"))) {
      out.set("disk_spec", disks);
    }
    return out;
  }

  private static ObjectNode desiredConfig(
      InstancePlan plan, String uuid, String nodeUuid, String content) {
    ObjectNode c = JSON.createObjectNode();
    c.put("uuid", uuid);
    c.put("name", nodeUuid);
    c.put("description", "rustfs.env of s3aas node set " + plan.nodeSetUuid());
    c.put("path", ENV_PATH);
    c.put("mode", "0640");
    c.put("owner", "root");
    c.put("group", "root");
    c.putObject("target").put("kind", "node").put("node", nodeUuid);
    c.putObject("body").put("kind", "text").put("content", content);
    c.putObject("on_change").put("kind", "shell").put("command", RESTART);
    return c;
  }
}
