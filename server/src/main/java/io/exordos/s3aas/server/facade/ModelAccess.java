package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.store.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The resource model as the handlers use it: the types the facade serves, lookups by id or name
 * within a project (a foreign id is simply not found), new objects, and the wait for the operator's
 * verdict after a DELETE. All reads and writes go through {@link ResourceService}, so the facade
 * keeps the resource API's validation, admission and watch events.
 */
final class ModelAccess {
  /** How long a DELETE waits for the operator's verdict (it asks the node within milliseconds). */
  private static final Duration VERDICT_WAIT = Duration.ofSeconds(10);

  private static final Duration VERDICT_POLL = Duration.ofMillis(50);

  final ResourceService service;
  final ResourceType instances;
  final ResourceType buckets;
  final ResourceType users;
  final ResourceType policies;
  final ResourceType keys;
  final ResourceType secrets;

  ModelAccess(ResourceService service) {
    this.service = service;
    this.instances = type(S3Instance.GROUP, "s3instances");
    this.buckets = type(S3Instance.GROUP, "buckets");
    this.users = type(S3Instance.GROUP, "s3users");
    this.policies = type(S3Instance.GROUP, "s3policies");
    this.keys = type(S3Instance.GROUP, "accesskeys");
    this.secrets = type("", "secrets");
  }

  private ResourceType type(String group, String plural) {
    return service
        .registry()
        .find(group, group.isEmpty() ? "v1" : S3Instance.VERSION, plural)
        .orElseThrow();
  }

  /** The type of an instance's child kind by its plural. */
  ResourceType childType(String plural) {
    return switch (plural) {
      case "buckets" -> buckets;
      case "s3users" -> users;
      case "s3policies" -> policies;
      default -> throw new IllegalArgumentException(plural);
    };
  }

  List<ObjectNode> all(ResourceType type, String project) {
    return service.list(type, project, Selector.ALL, 0, null).items();
  }

  List<ObjectNode> children(ResourceType type, String project, String instanceId) {
    return all(type, project).stream()
        .filter(o -> instanceId.equals(o.at("/spec/instanceRef").asText()))
        .toList();
  }

  /** The instance {@code ref} names: by id, else by its name; 404 otherwise (also elsewhere). */
  ObjectNode instance(String project, String ref) {
    try {
      return service.get(new ResourceKey(instances, project, ref));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    for (ObjectNode o : all(instances, project)) {
      if (ref.equals(o.at("/spec/displayName").asText(null))) {
        return o;
      }
    }
    throw FacadeError.notFound("instance " + ref);
  }

  /** The instance of the call's {@code {id}}. */
  ObjectNode instance(Call c) {
    return instance(c.project, c.p("id"));
  }

  /** A child of an instance by id or by its facade name (read through its field list). */
  Optional<ObjectNode> findChild(
      ResourceType type, List<Field> fields, String project, String instanceId, String ref) {
    try {
      ObjectNode o = service.get(new ResourceKey(type, project, ref));
      if (instanceId.equals(o.at("/spec/instanceRef").asText())) {
        return Optional.of(o);
      }
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    for (ObjectNode o : children(type, project, instanceId)) {
      if (ref.equals(FacadeKinds.named(fields, "name").reader().apply(o).asText())) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** A new object of {@code type} in the project, with an empty spec for custom kinds. */
  static ObjectNode newObject(ResourceType type, String name, String project) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    o.putObject("metadata").put("name", name).put("namespace", project);
    if (type.custom()) {
      o.putObject("spec");
    }
    return o;
  }

  /** A MetaPaaS project needs no setup: its namespace is made with its first instance. */
  void ensureProject(String project) {
    ResourceType namespaces = service.registry().find("", "v1", "namespaces").orElseThrow();
    try {
      service.get(new ResourceKey(namespaces, "", project));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
      ObjectNode ns = JsonNodeFactory.instance.objectNode();
      ns.putObject("metadata").put("name", project);
      try {
        service.create(namespaces, "", ns, WriteOptions.DEFAULT);
      } catch (ApiException e2) {
        if (e2.code() != 409) {
          throw new FacadeError(
              400,
              "ValidationError",
              "project " + project + " cannot be a namespace: " + e2.getMessage(),
              "project_id");
        }
      }
    }
  }

  void deleteQuietly(ResourceKey key) {
    try {
      service.delete(key, null, false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /**
   * After a DELETE of an object with finalizers: waits (at most {@link #VERDICT_WAIT}) for its
   * controller to say what happens, i.e. for {@code decided}; empty when the object is gone or no
   * verdict came in time (its status and GET then say why it waits).
   */
  Optional<ObjectNode> awaitVerdict(
      ResourceKey key, ObjectNode deleting, Predicate<ObjectNode> decided) {
    if (!deleting.path("metadata").hasNonNull("deletionTimestamp")
        || deleting.path("metadata").path("finalizers").isEmpty()) {
      return Optional.empty(); // removed at once
    }
    long deadline = System.nanoTime() + VERDICT_WAIT.toNanos();
    while (true) {
      ObjectNode o;
      try {
        o = service.get(key);
      } catch (ApiException e) {
        if (e.code() == 404) {
          return Optional.empty();
        }
        throw e;
      }
      if (decided.test(o)) {
        return Optional.of(o);
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(VERDICT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
