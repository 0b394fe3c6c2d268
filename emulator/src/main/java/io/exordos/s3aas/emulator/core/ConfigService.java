package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Config files pushed to nodes. A config targets one node or a node set. As Core's config builder
 * does, a NEW config is rendered once for each node of its target (for a set: the nodes the set has
 * at that moment; a node that joins later gets nothing until the config is changed again), a
 * set-targeted config whose set has no node is deleted, and the config is ACTIVE once every render
 * is applied on an ACTIVE node (status NEW → IN_PROGRESS → ACTIVE). A config whose path ends in
 * {@code rustfs.env} drives the node's RustFS: the first one starts it; a changed one restarts it
 * when {@code on_change} runs a shell command (the real plugin runs {@code systemctl restart
 * exordos-metapaas-rustfs}).
 */
final class ConfigService {
  private static final Set<String> WRITABLE =
      Set.of(
          "uuid",
          "name",
          "description",
          "project_id",
          "path",
          "target",
          "body",
          "on_change",
          "mode",
          "owner",
          "group");
  private static final Set<String> READ_ONLY = Set.of("status", "created_at", "updated_at");
  private static final Set<String> UPDATABLE =
      Set.of("name", "description", "path", "body", "on_change", "mode", "owner", "group");
  private static final Set<String> FILTERS = Set.of("uuid", "name", "status", "project_id", "path");
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
  private static final Pattern TEMPLATE_VAR =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private final Object lock;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ComputeService compute;
  private final NodeRuntime runtime;
  private final Duration applyDelay;
  private final Map<String, ObjectNode> configs = new LinkedHashMap<>();

  /** The renders of an actualised config: the nodes it goes to, and those that have it applied. */
  private record Renders(Set<String> nodes, Set<String> applied, boolean restart) {}

  private final Map<String, Renders> renders = new HashMap<>();

  /** Configs changed since their last actualisation: their renders restart RustFS. */
  private final Set<String> changed = new HashSet<>();

  ConfigService(
      Object lock,
      Clock clock,
      ScheduledExecutorService scheduler,
      ComputeService compute,
      NodeRuntime runtime,
      Duration applyDelay) {
    this.lock = lock;
    this.clock = clock;
    this.scheduler = scheduler;
    this.compute = compute;
    this.runtime = runtime;
    this.applyDelay = applyDelay;
  }

  /** When the config was created, by the emulator's clock; empty if there is no such config. */
  Optional<Instant> createdAt(String uuid) {
    synchronized (lock) {
      ObjectNode c = configs.get(uuid);
      return c == null
          ? Optional.empty()
          : Optional.of(Instant.parse(c.path("created_at").asText()));
    }
  }

  ObjectNode create(ObjectNode body, String project) {
    Resources.checkFields(body, WRITABLE, READ_ONLY);
    ObjectNode c = Resources.newItem(body, project);
    String uuid = c.get("uuid").asText();
    c.set("target", validTarget(body.get("target")));
    fill(c, body, true);
    c.put("status", "NEW");
    String now = clock.instant().toString();
    c.put("created_at", now);
    c.put("updated_at", now);
    synchronized (lock) {
      if (configs.containsKey(uuid)) {
        throw new CoreException(409, "ConflictError", "Config " + uuid + " already exists");
      }
      configs.put(uuid, c);
      schedule(uuid);
      return c.deepCopy();
    }
  }

  private void fill(ObjectNode c, ObjectNode body, boolean creating) {
    if (creating || body.has("path")) {
      String path = Resources.textField(body, "path");
      if (!path.startsWith("/") || path.endsWith("/")) {
        throw CoreException.badRequest("path must be an absolute file path");
      }
      c.put("path", path);
    }
    if (creating || body.has("body")) {
      c.set("body", validBody(body.get("body")));
    }
    if (creating || body.has("on_change")) {
      c.set("on_change", validOnChange(body.get("on_change")));
    }
    if (creating || body.has("mode")) {
      String mode = Resources.textField(body, "mode", "0644"); // Core's default
      if (!MODE.matcher(mode).matches()) {
        throw CoreException.badRequest("mode must be an octal file mode such as 0640");
      }
      c.put("mode", mode);
    }
    if (creating || body.has("owner")) {
      c.put("owner", Resources.textField(body, "owner", "root"));
    }
    if (creating || body.has("group")) {
      c.put("group", Resources.textField(body, "group", "root"));
    }
  }

  private static JsonNode validTarget(JsonNode target) {
    if (target == null || !target.isObject()) {
      throw CoreException.badRequest("target is required");
    }
    // Core's target kinds: NodeTarget {kind: node, node} and NodeSetTarget {kind: node_set,
    // node_set}
    String kind = target.path("kind").asText();
    if (!kind.equals("node") && !kind.equals("node_set")) {
      throw CoreException.badRequest("target.kind must be node or node_set, got '" + kind + "'");
    }
    target
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("kind") && !f.equals(kind)) {
                throw CoreException.badRequest("target has an unknown field '" + f + "'");
              }
            });
    try {
      java.util.UUID.fromString(target.path(kind).asText());
    } catch (IllegalArgumentException e) {
      throw CoreException.badRequest("target." + kind + " must be a UUID");
    }
    return target.deepCopy();
  }

  private static JsonNode validBody(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw CoreException.badRequest("body is required");
    }
    switch (body.path("kind").asText()) {
      case "text" -> {
        if (!body.path("content").isTextual()) {
          throw CoreException.badRequest("body.content must be a string");
        }
      }
      case "template" -> {
        if (!body.path("template").isTextual()) {
          throw CoreException.badRequest("body.template must be a string");
        }
        if (body.has("variables") && !body.get("variables").isObject()) {
          throw CoreException.badRequest("body.variables must be an object");
        }
      }
      default -> throw CoreException.badRequest("body.kind must be text or template");
    }
    return body.deepCopy();
  }

  private static JsonNode validOnChange(JsonNode onChange) {
    if (onChange == null || onChange.isNull()) {
      return Resources.JSON.createObjectNode().put("kind", "no_action");
    }
    String kind = onChange.path("kind").asText();
    if (kind.equals("shell")) {
      if (onChange.path("command").asText().isBlank()) {
        throw CoreException.badRequest("on_change.command is required for kind shell");
      }
    } else if (!kind.equals("no_action")) {
      throw CoreException.badRequest("on_change.kind must be no_action or shell");
    }
    return onChange.deepCopy();
  }

  ObjectNode get(String uuid, String project) {
    synchronized (lock) {
      return owned(uuid, project).deepCopy();
    }
  }

  ArrayNode list(Map<String, List<String>> filters, String project) {
    synchronized (lock) {
      return Resources.listInProject(configs.values(), project, filters, FILTERS);
    }
  }

  ObjectNode update(String uuid, ObjectNode body, String project) {
    synchronized (lock) {
      ObjectNode c = owned(uuid, project);
      ObjectNode updatable = Resources.updatableFields(c, body, WRITABLE, READ_ONLY, UPDATABLE);
      fill(c, updatable, false);
      // Core's controller forces NEW on every update, so the renders are made again
      c.put("status", "NEW");
      c.put("updated_at", clock.instant().toString());
      changed.add(uuid);
      renders.remove(uuid);
      schedule(uuid);
      return c.deepCopy();
    }
  }

  void delete(String uuid, String project) {
    synchronized (lock) {
      owned(uuid, project);
      forget(uuid);
    }
  }

  /** A node became ACTIVE: apply the renders that waited for it. */
  void nodeActive(String nodeUuid) {
    synchronized (lock) {
      configs.entrySet().stream()
          .filter(
              e -> {
                Renders r = renders.get(e.getKey());
                return r == null
                    ? isNodeTarget(e.getValue(), nodeUuid)
                    : r.nodes().contains(nodeUuid) && !r.applied().contains(nodeUuid);
              })
          .map(Map.Entry::getKey)
          .toList()
          .forEach(this::schedule);
    }
  }

  /**
   * A node is gone. A config for that node has no target left and waits (IN_PROGRESS); a config for
   * its set loses that node's render.
   */
  void nodeGone(String nodeUuid) {
    synchronized (lock) {
      renders.forEach(
          (uuid, r) -> {
            if (!r.nodes().contains(nodeUuid)) {
              return;
            }
            r.applied().remove(nodeUuid);
            ObjectNode c = configs.get(uuid);
            if (c == null) {
              return;
            }
            if (c.path("target").path("kind").asText().equals("node_set")) {
              r.nodes().remove(nodeUuid);
            }
            c.put("status", status(r));
          });
    }
  }

  private static boolean isNodeTarget(ObjectNode c, String nodeUuid) {
    return c.path("target").path("node").asText().equals(nodeUuid);
  }

  private void schedule(String uuid) {
    // fire and forget: nothing waits for the step, whose outcome shows in the state it sets
    ScheduledFuture<?> unused =
        scheduler.schedule(() -> apply(uuid), applyDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One render to write on a node: RustFS is (re)started from it when it is a rustfs.env. */
  private record NodeApply(String node, String ipv4, String content, boolean restart) {}

  private void apply(String uuid) {
    List<NodeApply> envs = new ArrayList<>();
    synchronized (lock) {
      ObjectNode c = configs.get(uuid);
      if (c == null) {
        return;
      }
      Renders r = renders.get(uuid);
      if (r == null) {
        r = actualise(c);
        if (r == null) {
          return;
        }
      }
      String content = render(c.get("body"));
      boolean restart = r.restart() && c.path("on_change").path("kind").asText().equals("shell");
      boolean isEnv = c.path("path").asText().endsWith("/" + RustfsEnv.FILE_NAME);
      for (String nodeUuid : r.nodes()) {
        ObjectNode node = compute.nodeOrNull(nodeUuid);
        if (r.applied().contains(nodeUuid)
            || node == null
            || !node.path("status").asText().equals("ACTIVE")) {
          continue; // applied already, or waits for the node: nodeActive() schedules it again
        }
        r.applied().add(nodeUuid);
        if (isEnv) {
          String ipv4 = node.path("default_network").path("ipv4").asText();
          envs.add(new NodeApply(nodeUuid, ipv4, content, restart));
        }
      }
      c.put("status", status(r));
      c.put("updated_at", clock.instant().toString());
    }
    // Outside the lock, on the node runtime's threads: starting a server takes a moment and must
    // block neither the API nor the other configs' steps on the scheduler thread.
    envs.forEach(e -> runtime.applyEnvLater(e.node(), e.ipv4(), e.content(), e.restart()));
  }

  /**
   * Makes the renders of a NEW config, as Core's builder does: one per node of the target. A config
   * for a node set that has no node is deleted (Core: its owners are not alive); a config for a
   * single node waits for it.
   */
  private @Nullable Renders actualise(ObjectNode c) {
    String uuid = c.path("uuid").asText();
    JsonNode target = c.path("target");
    Set<String> nodes = new LinkedHashSet<>();
    if (target.path("kind").asText().equals("node_set")) {
      nodes.addAll(compute.nodesOfSet(target.path("node_set").asText()));
      if (nodes.isEmpty()) {
        forget(uuid);
        return null;
      }
    } else {
      nodes.add(target.path("node").asText());
    }
    Renders r = new Renders(nodes, new HashSet<>(), changed.remove(uuid));
    renders.put(uuid, r);
    return r;
  }

  private static String status(Renders r) {
    return !r.nodes().isEmpty() && r.applied().containsAll(r.nodes()) ? "ACTIVE" : "IN_PROGRESS";
  }

  private void forget(String uuid) {
    configs.remove(uuid);
    renders.remove(uuid);
    changed.remove(uuid);
  }

  private static String render(JsonNode body) {
    if (body.path("kind").asText().equals("text")) {
      return body.path("content").asText();
    }
    JsonNode vars = body.path("variables");
    return TEMPLATE_VAR
        .matcher(body.path("template").asText())
        .replaceAll(
            m -> java.util.regex.Matcher.quoteReplacement(vars.path(m.group(1)).asText("")));
  }

  private ObjectNode owned(String uuid, String project) {
    ObjectNode c = configs.get(uuid);
    if (c == null || !Resources.inProject(c, project)) {
      throw CoreException.notFound("Config " + uuid);
    }
    return c;
  }
}
