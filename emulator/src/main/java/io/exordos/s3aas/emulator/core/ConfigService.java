package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Config files pushed to nodes. A config is applied once its target node is ACTIVE (status NEW →
 * IN_PROGRESS → ACTIVE). A config whose path ends in {@code rustfs.env} drives the node's RustFS:
 * the first one starts it; a changed one restarts it when {@code on_change} runs a shell command
 * (the real plugin runs {@code systemctl restart exordos-metapaas-rustfs}).
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
      schedule(uuid, false);
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
    if (target == null || !target.isObject() || !"node".equals(target.path("kind").asText())) {
      throw CoreException.badRequest("target must be {\"kind\": \"node\", \"node\": <uuid>}");
    }
    try {
      java.util.UUID.fromString(target.path("node").asText());
    } catch (IllegalArgumentException e) {
      throw CoreException.badRequest("target.node must be a node UUID");
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
      schedule(uuid, true);
      return c.deepCopy();
    }
  }

  void delete(String uuid, String project) {
    synchronized (lock) {
      owned(uuid, project);
      configs.remove(uuid);
    }
  }

  /** A node became ACTIVE: apply the configs that waited for it. */
  void nodeActive(String nodeUuid) {
    synchronized (lock) {
      configs.values().stream()
          .filter(c -> c.path("target").path("node").asText().equals(nodeUuid))
          .filter(c -> !c.path("status").asText().equals("ACTIVE"))
          .forEach(c -> schedule(c.path("uuid").asText(), false));
    }
  }

  /** A node is gone: its configs have no target left. */
  void nodeGone(String nodeUuid) {
    synchronized (lock) {
      configs.values().stream()
          .filter(c -> c.path("target").path("node").asText().equals(nodeUuid))
          .forEach(c -> c.put("status", "IN_PROGRESS"));
    }
  }

  private void schedule(String uuid, boolean changed) {
    // fire and forget: nothing waits for the step, whose outcome shows in the state it sets
    ScheduledFuture<?> unused =
        scheduler.schedule(
            () -> apply(uuid, changed), applyDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void apply(String uuid, boolean changed) {
    String nodeUuid;
    String ipv4;
    String content;
    boolean restart;
    boolean isEnv;
    synchronized (lock) {
      ObjectNode c = configs.get(uuid);
      if (c == null) {
        return;
      }
      nodeUuid = c.path("target").path("node").asText();
      ObjectNode node = compute.nodeOrNull(nodeUuid);
      if (node == null || !node.path("status").asText().equals("ACTIVE")) {
        // Waits for the node; nodeActive() schedules it again.
        c.put("status", "IN_PROGRESS");
        return;
      }
      ipv4 = node.path("default_network").path("ipv4").asText();
      content = render(c.get("body"));
      restart = changed && c.path("on_change").path("kind").asText().equals("shell");
      isEnv = c.path("path").asText().endsWith("/" + RustfsEnv.FILE_NAME);
      c.put("status", "ACTIVE");
      c.put("updated_at", clock.instant().toString());
    }
    if (isEnv) {
      // Outside the lock: starting a server takes a moment and must not block the API.
      runtime.applyEnv(nodeUuid, ipv4, content, restart);
    }
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
