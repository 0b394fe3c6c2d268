package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The element manager, only as far as {@code exordos ee install} and {@code s3aas prepare-env} use
 * it (platform reference 1.6): manifests are stored ({@code POST /v1/em/manifests/} with the
 * manifest as JSON) and installed or upgraded by an action; the element then walks NEW →
 * IN_PROGRESS → ACTIVE over the activation delay. The manifest's resources are checked for shape
 * but not built (no nodes, configs or IAM objects appear): the emulator answers the install
 * protocol, not what an element does. {@code core} and {@code metapaas} are installed from the
 * start, so requirements on them resolve.
 */
final class ElementService {
  private static final Set<String> MANIFEST_FIELDS =
      Set.of(
          "name",
          "description",
          "schema_version",
          "version",
          "api_version",
          "requirements",
          "resources",
          "exports",
          "imports");
  private static final Set<String> MANIFEST_FILTERS = Set.of("uuid", "name", "version", "status");
  private static final Set<String> ELEMENT_FILTERS =
      Set.of("uuid", "name", "version", "status", "manifest");

  private final Object lock;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Duration activation;
  private final Map<String, ObjectNode> manifests = new LinkedHashMap<>();
  private final Map<String, ObjectNode> elements = new LinkedHashMap<>();

  ElementService(
      Object lock, Clock clock, ScheduledExecutorService scheduler, Duration activation) {
    this.lock = lock;
    this.clock = clock;
    this.scheduler = scheduler;
    this.activation = activation;
    for (String builtIn : List.of("core", "metapaas")) {
      ObjectNode e =
          element(
              UUID.nameUUIDFromBytes(("element:" + builtIn).getBytes(StandardCharsets.UTF_8))
                  .toString(),
              builtIn,
              "0.0.0",
              null);
      e.put("status", "ACTIVE");
      elements.put(e.get("uuid").asText(), e);
    }
  }

  // ---------------------------------------------------------------- manifests

  ObjectNode createManifest(ObjectNode body) {
    validate(body);
    synchronized (lock) {
      String name = body.get("name").asText();
      for (ObjectNode m : manifests.values()) {
        if (m.get("name").asText().equals(name)) {
          throw new CoreException(
              409,
              "ConflictError",
              "Manifest " + name + " already exists (" + m.get("uuid").asText() + ")");
        }
      }
      ObjectNode m = body.deepCopy();
      String uuid = UUID.randomUUID().toString();
      m.put("uuid", uuid);
      m.put("status", "NEW");
      m.put("created_at", clock.instant().toString());
      m.put("updated_at", clock.instant().toString());
      manifests.put(uuid, m);
      return m.deepCopy();
    }
  }

  ArrayNode listManifests(Map<String, List<String>> filters) {
    synchronized (lock) {
      return Resources.list(manifests.values(), filters, MANIFEST_FILTERS);
    }
  }

  ObjectNode getManifest(String uuid) {
    synchronized (lock) {
      return manifest(uuid).deepCopy();
    }
  }

  /** PUT replaces the manifest's content; its name stays (a new version goes through upgrade). */
  ObjectNode updateManifest(String uuid, ObjectNode body) {
    validate(body);
    synchronized (lock) {
      ObjectNode old = manifest(uuid);
      if (!old.get("name").asText().equals(body.get("name").asText())) {
        throw new CoreException(400, "ValidationError", "The manifest name cannot change");
      }
      ObjectNode m = body.deepCopy();
      m.put("uuid", uuid);
      m.put("status", old.get("status").asText());
      m.put("created_at", old.get("created_at").asText());
      m.put("updated_at", clock.instant().toString());
      manifests.put(uuid, m);
      return m.deepCopy();
    }
  }

  void deleteManifest(String uuid) {
    synchronized (lock) {
      manifest(uuid);
      if (elementOf(uuid) != null) {
        throw new CoreException(
            409, "ConflictError", "Manifest " + uuid + " is installed; uninstall it first");
      }
      manifests.remove(uuid);
    }
  }

  /**
   * {@code install}: the element appears IN_PROGRESS and goes ACTIVE; {@code upgrade}: the same for
   * a new version.
   */
  ObjectNode action(String uuid, String action) {
    synchronized (lock) {
      ObjectNode m = manifest(uuid);
      ObjectNode existing = elementOf(uuid);
      switch (action) {
        case "install" -> {
          if (existing != null) {
            throw new CoreException(
                409,
                "ConflictError",
                "Element " + m.get("name").asText() + " is already installed; use upgrade");
          }
          checkRequirements(m);
          ObjectNode e =
              element(
                  UUID.randomUUID().toString(),
                  m.get("name").asText(),
                  m.get("version").asText(),
                  uuid);
          elements.put(e.get("uuid").asText(), e);
          converge(e, m);
          return e.deepCopy();
        }
        case "upgrade" -> {
          if (existing == null) {
            throw new CoreException(
                409,
                "ConflictError",
                "Element " + m.get("name").asText() + " is not installed; use install");
          }
          checkRequirements(m);
          existing.put("version", m.get("version").asText());
          converge(existing, m);
          return existing.deepCopy();
        }
        case "uninstall" -> {
          if (existing == null) {
            throw CoreException.notFound("Element of manifest " + uuid);
          }
          elements.remove(existing.get("uuid").asText());
          m.put("status", "NEW");
          return existing.deepCopy();
        }
        case "validate" -> {
          return m.deepCopy();
        }
        default -> throw CoreException.notFound("Action " + action);
      }
    }
  }

  // ---------------------------------------------------------------- elements

  ArrayNode listElements(Map<String, List<String>> filters) {
    synchronized (lock) {
      return Resources.list(elements.values(), filters, ELEMENT_FILTERS);
    }
  }

  ObjectNode getElement(String uuid) {
    synchronized (lock) {
      ObjectNode e = elements.get(uuid);
      if (e == null) {
        throw CoreException.notFound("Element " + uuid);
      }
      return e.deepCopy();
    }
  }

  // ---------------------------------------------------------------- internals

  private void converge(ObjectNode element, ObjectNode manifest) {
    element.put("status", "IN_PROGRESS");
    element.put("updated_at", clock.instant().toString());
    manifest.put("status", "IN_PROGRESS");
    String version = element.get("version").asText();
    String elementUuid = element.get("uuid").asText();
    // fire and forget: nothing waits for the step, whose outcome shows in the state it sets
    ScheduledFuture<?> unused =
        scheduler.schedule(
            () -> {
              synchronized (lock) {
                ObjectNode e = elements.get(elementUuid);
                if (e != null && e.get("version").asText().equals(version)) {
                  e.put("status", "ACTIVE");
                  e.put("updated_at", clock.instant().toString());
                  manifest.put("status", "ACTIVE");
                }
              }
            },
            activation.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private ObjectNode element(
      String uuid, String name, String version, @Nullable String manifestUuid) {
    ObjectNode e = Resources.JSON.createObjectNode();
    e.put("uuid", uuid);
    e.put("name", name);
    e.put("version", version);
    e.put("status", "NEW");
    if (manifestUuid == null) {
      e.putNull("manifest");
    } else {
      e.put("manifest", manifestUuid);
    }
    e.put("created_at", clock.instant().toString());
    e.put("updated_at", clock.instant().toString());
    return e;
  }

  private ObjectNode manifest(String uuid) {
    ObjectNode m = manifests.get(uuid);
    if (m == null) {
      throw CoreException.notFound("Manifest " + uuid);
    }
    return m;
  }

  private @Nullable ObjectNode elementOf(String manifestUuid) {
    for (ObjectNode e : elements.values()) {
      if (manifestUuid.equals(e.path("manifest").asText(null))) {
        return e;
      }
    }
    return null;
  }

  private void checkRequirements(ObjectNode manifest) {
    manifest
        .path("requirements")
        .fieldNames()
        .forEachRemaining(
            required -> {
              boolean installed =
                  elements.values().stream().anyMatch(e -> e.get("name").asText().equals(required));
              if (!installed) {
                throw new CoreException(
                    409, "ConflictError", "Required element " + required + " is not installed");
              }
            });
  }

  /**
   * The manifest shape of docs/em/manifest.md: header fields, resources keyed by collection links.
   */
  private static void validate(ObjectNode body) {
    Resources.checkFields(
        body, MANIFEST_FIELDS, Set.of("uuid", "status", "created_at", "updated_at"));
    for (String f : List.of("name", "version")) {
      JsonNode n = body.get(f);
      if (n == null || !n.isTextual() || n.asText().isBlank()) {
        throw CoreException.badRequest("Field '" + f + "' is required");
      }
    }
    if (body.path("schema_version").asInt() != 1) {
      throw CoreException.badRequest("Field 'schema_version' must be 1");
    }
    if (body.has("api_version") && !"v1".equals(body.get("api_version").asText())) {
      throw CoreException.badRequest("Field 'api_version' must be \"v1\"");
    }
    JsonNode resources = body.path("resources");
    if (!resources.isMissingNode() && !resources.isObject()) {
      throw CoreException.badRequest(
          "Field 'resources' must be an object keyed by collection links");
    }
    resources
        .fieldNames()
        .forEachRemaining(
            link -> {
              if (!link.startsWith("$")) {
                throw CoreException.badRequest(
                    "Resource collection '" + link + "' is not a link ($element.path)");
              }
            });
    for (String f : List.of("requirements", "imports", "exports")) {
      if (body.has(f) && !body.get(f).isObject() && !body.get(f).isNull()) {
        throw CoreException.badRequest("Field '" + f + "' must be an object");
      }
    }
  }
}
