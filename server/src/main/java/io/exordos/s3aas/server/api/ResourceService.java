package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.validation.BucketNames;
import io.exordos.s3aas.api.validation.FieldError;
import io.exordos.s3aas.api.validation.SemanticRules;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ListPage;
import io.exordos.s3aas.server.store.Mutation;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.store.ResourceStore;
import io.exordos.s3aas.server.store.Selector;
import io.exordos.s3aas.server.store.StoreException;
import io.exordos.s3aas.server.store.StoredWrite;
import io.exordos.s3aas.server.validation.Cause;
import io.exordos.s3aas.server.validation.SchemaValidator;
import io.exordos.s3aas.server.validation.TransitionRules;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes object semantics on top of the store: identity and system metadata, resource-version
 * preconditions, generation, the status subresource, validation, finalizers and deletion.
 *
 * <p>Each write is a pure function from the stored object to an outcome, which the store applies on
 * condition that the object has not changed since it was read (re-deciding otherwise), so
 * concurrent writers to one object serialise and a stale resourceVersion is always caught. A dry
 * run evaluates the same function without storing.
 */
public final class ResourceService {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ResourceStore store;
  private final ResourceRegistry registry;
  private final Clock clock;

  public ResourceService(ResourceStore store, ResourceRegistry registry, Clock clock) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    for (ResourceType t : registry.all()) {
      JsonNode schema = t.schema();
      if (schema != null) {
        TransitionRules.requireSupported(schema, t.kind());
      }
    }
  }

  /** The server's clock: the time objects are stamped with, and ages are measured by. */
  public Clock clock() {
    return clock;
  }

  public ResourceRegistry registry() {
    return registry;
  }

  /** See {@link ResourceStore#lastAssignedRevision}. */
  public long lastAssignedRevision() {
    return store.lastAssignedRevision();
  }

  public ObjectNode get(ResourceKey key) {
    return store.get(key).orElseThrow(() -> Errors.notFound(key));
  }

  public ListPage list(
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      int limit,
      @Nullable String continueToken) {
    try {
      return store.list(type, namespace, selector, limit, continueToken);
    } catch (StoreException e) {
      throw translate(e, null);
    }
  }

  /** The whole current list, item by item (see {@link ResourceStore#streamList}). */
  public void streamList(
      ResourceType type, @Nullable String namespace, Selector selector, ResourceStore.ListSink sink)
      throws IOException {
    try {
      store.streamList(type, namespace, selector, sink);
    } catch (StoreException e) {
      throw translate(e, null);
    }
  }

  public WriteResult create(
      ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    checkEnvelope(type, body);
    List<String> warnings = new ArrayList<>();
    checkMetadata(type, body, true, options, warnings);
    ObjectNode meta = ObjectMeta.of(body);
    String bodyNamespace = meta.path("namespace").asText("");
    if (type.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    String name = meta.path("name").asText("");
    if (name.isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
      name = meta.get("generateName").asText() + randomSuffix();
    }
    if (name.isEmpty()) {
      throw Errors.invalid(
          type,
          "",
          List.of(
              new Cause(
                  "metadata.name",
                  "FieldValueRequired",
                  "Required value: name or generateName is required")));
    }
    String finalName = name;
    ResourceKey key = new ResourceKey(type, namespace, name);
    if (type.namespaced() && options.dryRun()) {
      requireLiveNamespace(
          namespace); // a real create checks it in the same statement as the insert
    }
    Decision decision =
        current -> {
          if (current != null) {
            throw Errors.alreadyExists(key);
          }
          List<String> found = new ArrayList<>();
          ObjectNode object = body.deepCopy();
          ObjectNode m = ObjectMeta.of(object);
          m.put("name", finalName);
          if (type.namespaced()) {
            m.put("namespace", namespace);
          } else {
            m.remove("namespace");
          }
          m.put("uid", UUID.randomUUID().toString());
          m.put("creationTimestamp", ObjectMeta.now(clock));
          m.put("generation", 1);
          m.remove(
              List.of(
                  "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"));
          if (type.statusSubresource()) {
            object.remove("status");
          }
          BuiltinRules.prepareCreate(type, object);
          validate(type, object, null, options, found);
          WriteGuard guard = options.guard();
          if (guard != null) {
            guard.check(null, object);
          }
          return new Decided(new Mutation.Put(object), found);
        };
    Written written = run(key, decision, options, true);
    warnings.addAll(written.warnings());
    return new WriteResult(written.stored().object(), true, warnings, written.stored().json());
  }

  public WriteResult update(
      ResourceKey key, ObjectNode body, WriteOptions options, boolean statusOnly) {
    checkEnvelope(key.type(), body);
    String bodyName = ObjectMeta.name(body);
    if (!bodyName.isEmpty() && !bodyName.equals(key.name())) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + key.name()
              + ")");
    }
    String expectedRv = ObjectMeta.resourceVersion(body);
    if (expectedRv.isEmpty() && key.type().custom()) {
      throw Errors.invalid(
          key.type(),
          key.name(),
          List.of(
              new Cause(
                  "metadata.resourceVersion",
                  "FieldValueInvalid",
                  "Invalid value: 0x0: must be specified for an update")));
    }
    return change(key, options, current -> body, statusOnly);
  }

  public WriteResult patch(
      ResourceKey key,
      Patches.Type type,
      JsonNode patch,
      WriteOptions options,
      boolean statusOnly) {
    if (type == Patches.Type.APPLY_PATCH && !statusOnly && store.get(key).isEmpty()) {
      ObjectNode fresh = patch.deepCopy();
      ObjectMeta.of(fresh).put("name", key.name());
      return create(key.type(), key.namespace(), fresh, options);
    }
    return change(key, options, current -> Patches.apply(type, current, patch), statusOnly);
  }

  /**
   * The shared path of PUT and PATCH: compute the next state from the current one, then check it.
   */
  private WriteResult change(
      ResourceKey key,
      WriteOptions options,
      java.util.function.UnaryOperator<ObjectNode> edit,
      boolean statusOnly) {
    Decision decision =
        current -> {
          if (current == null) {
            throw Errors.notFound(key);
          }
          List<String> warnings = new ArrayList<>();
          ObjectNode requested = edit.apply(current.deepCopy());
          RequestedIdentity.check(key, current, requested);
          if (!statusOnly) {
            checkMetadata(key.type(), requested, false, options, warnings);
          }
          String expectedRv = ObjectMeta.resourceVersion(requested);
          if (!expectedRv.isEmpty() && !expectedRv.equals(ObjectMeta.resourceVersion(current))) {
            throw Errors.conflict(key);
          }
          ObjectNode next;
          if (statusOnly) {
            next = current.deepCopy();
            if (requested.has("status")) {
              next.set("status", requested.get("status"));
            } else {
              next.remove("status");
            }
          } else {
            next = requested;
            next.put("apiVersion", key.type().apiVersion());
            next.put("kind", key.type().kind());
            ObjectMeta.copySystemFields(current, next);
            if (key.type().statusSubresource()) {
              if (current.has("status")) {
                next.set("status", current.get("status"));
              } else {
                next.remove("status");
              }
            }
            ObjectMeta.of(next).remove("managedFields");
            BuiltinRules.prepareUpdate(key.type(), next);
          }
          validate(key.type(), next, current, options, warnings);
          WriteGuard guard = options.guard();
          if (guard != null) {
            guard.check(current, next);
          }
          if (!statusOnly && contentChanged(current, next)) {
            ObjectMeta.of(next)
                .put("generation", current.path("metadata").path("generation").asLong(1) + 1);
          }
          ObjectMeta.of(next).put("resourceVersion", ObjectMeta.resourceVersion(current));
          if (next.equals(current)) {
            return new Decided(new Mutation.Keep(current), warnings);
          }
          if (ObjectMeta.isDeleting(next) && !ObjectMeta.hasFinalizers(next)) {
            return new Decided(new Mutation.Remove(next), warnings);
          }
          return new Decided(new Mutation.Put(next), warnings);
        };
    Written written = run(key, decision, options, false);
    return new WriteResult(
        written.stored().object(), false, written.warnings(), written.stored().json());
  }

  /**
   * Deletes an object, or, while it has finalizers, marks it with a deletionTimestamp and leaves it
   * for its controllers to finish.
   */
  public ObjectNode delete(ResourceKey key, @Nullable JsonNode deleteOptions, boolean dryRun) {
    if (key.type().group().isEmpty() && key.type().plural().equals("namespaces")) {
      checkNamespaceDeletable(key);
    }
    JsonNode pre = deleteOptions == null ? null : deleteOptions.path("preconditions");
    Mutation mutation =
        current -> {
          if (current == null) {
            throw Errors.notFound(key);
          }
          if (pre != null
              && pre.hasNonNull("uid")
              && !pre.get("uid").asText().equals(current.path("metadata").path("uid").asText())) {
            throw Errors.conflict(
                key,
                "Precondition failed: UID in precondition: "
                    + pre.get("uid").asText()
                    + ", UID in object meta: "
                    + current.path("metadata").path("uid").asText());
          }
          if (pre != null
              && pre.hasNonNull("resourceVersion")
              && !pre.get("resourceVersion").asText().equals(ObjectMeta.resourceVersion(current))) {
            throw Errors.conflict(key);
          }
          ObjectNode next = current.deepCopy();
          if (ObjectMeta.hasFinalizers(current)) {
            if (ObjectMeta.isDeleting(current)) {
              return new Mutation.Keep(current);
            }
            ObjectMeta.of(next).put("deletionTimestamp", ObjectMeta.now(clock));
            ObjectMeta.of(next).put("deletionGracePeriodSeconds", 0);
            return new Mutation.Put(next);
          }
          return new Mutation.Remove(next);
        };
    return run(
            key,
            current -> new Decided(mutation.decide(current), List.of()),
            new WriteOptions(dryRun, "Ignore"),
            false)
        .stored()
        .object();
  }

  /**
   * A write's decision (see {@link Mutation}) with the warnings it found. The store may decide
   * again after a concurrent write, so each decision returns its own warnings and the answer
   * carries those of the decision that was written, each once.
   */
  @FunctionalInterface
  private interface Decision {
    Decided decide(@Nullable ObjectNode current);
  }

  private record Decided(Mutation.Outcome outcome, List<String> warnings) {}

  private record Written(StoredWrite stored, List<String> warnings) {}

  private Written run(ResourceKey key, Decision decision, WriteOptions options, boolean create) {
    AtomicReference<List<String>> warnings = new AtomicReference<>(List.of());
    Mutation mutation =
        current -> {
          Decided d = decision.decide(current);
          warnings.set(d.warnings());
          return d.outcome();
        };
    StoredWrite written = write(key, mutation, options, create);
    // Read after the write: the last decision taken is the one that was written.
    return new Written(written, Objects.requireNonNull(warnings.get()));
  }

  private StoredWrite write(
      ResourceKey key, Mutation mutation, WriteOptions options, boolean create) {
    try {
      if (options.dryRun()) {
        ObjectNode current = store.get(key).orElse(null);
        Mutation.Outcome outcome = mutation.decide(current);
        if (outcome instanceof Mutation.Put put) {
          return StoredWrite.objectOnly(put.object());
        }
        if (outcome instanceof Mutation.Remove remove) {
          return StoredWrite.objectOnly(remove.lastState());
        }
        return StoredWrite.objectOnly(((Mutation.Keep) outcome).object());
      }
      return store.write(key, mutation, create);
    } catch (StoreException e) {
      throw translate(e, key);
    }
  }

  private void validate(
      ResourceType type,
      ObjectNode object,
      @Nullable ObjectNode current,
      WriteOptions options,
      List<String> warnings) {
    List<Cause> causes = new ArrayList<>();
    String name = ObjectMeta.name(object);
    String nameProblem = ObjectMeta.nameProblem(name, type.plural().equals("namespaces"));
    if (current == null && nameProblem != null) {
      causes.add(
          new Cause(
              "metadata.name",
              "FieldValueInvalid",
              "Invalid value: \"" + name + "\": " + nameProblem));
    }
    causes.addAll(BuiltinRules.check(type, object));
    if (current != null && ObjectMeta.isDeleting(current)) {
      // As in Kubernetes: a finalizer added now could keep the object from ever going away.
      java.util.Set<String> added = new java.util.LinkedHashSet<>();
      object.path("metadata").path("finalizers").forEach(f -> added.add(f.asText()));
      current.path("metadata").path("finalizers").forEach(f -> added.remove(f.asText()));
      if (!added.isEmpty()) {
        causes.add(
            new Cause(
                "metadata.finalizers",
                "FieldValueForbidden",
                "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers "
                    + added));
      }
    }
    JsonNode schema = type.schema();
    if (schema != null) {
      SchemaValidator.Result result = SchemaValidator.validate(schema, object);
      causes.addAll(result.errors());
      for (String field : result.unknownFields()) {
        if (options.strict()) {
          causes.add(new Cause(field, "FieldValueInvalid", "unknown field \"" + field + "\""));
        } else if (options.warn()) {
          warnings.add("unknown field \"" + field + "\"");
        }
      }
      if (current != null) {
        causes.addAll(TransitionRules.check(schema, current, object));
      }
    }
    if (causes.isEmpty()) {
      for (FieldError e : SemanticRules.check(type.kind(), object)) {
        causes.add(
            new Cause(
                e.field(),
                e.message().startsWith("Forbidden") ? "FieldValueForbidden" : "FieldValueInvalid",
                e.message()));
      }
    }
    if (current == null && type.group().equals(S3Instance.GROUP)) {
      bucketNameRule(type, object, causes);
    }
    if (!causes.isEmpty()) {
      throw Errors.invalid(type, name, causes);
    }
  }

  /**
   * S3's full bucket naming rules, in their own words: they replace the schema's or the object
   * name's more general refusal of the same field. Bucket names are immutable, so only a create is
   * checked: an object stored before the rules can still be updated (its finalizers removed).
   */
  private static void bucketNameRule(ResourceType type, ObjectNode object, List<Cause> causes) {
    for (FieldError e : BucketNames.check(type.kind(), object)) {
      causes.removeIf(c -> c.field().equals(e.field()));
      causes.add(new Cause(e.field(), "FieldValueInvalid", e.message()));
    }
  }

  /**
   * Refuses metadata kube-apiserver would refuse (see {@link MetadataRules}), naming the field;
   * fields ObjectMeta does not declare are pruned, refused under Strict or reported under Warn.
   */
  private static void checkMetadata(
      ResourceType type,
      ObjectNode object,
      boolean create,
      WriteOptions options,
      List<String> warnings) {
    MetadataRules.Result result = MetadataRules.check(object, create);
    List<Cause> causes = new ArrayList<>(result.errors());
    for (String field : result.unknownFields()) {
      if (options.strict()) {
        causes.add(new Cause(field, "FieldValueInvalid", "unknown field \"" + field + "\""));
      } else if (options.warn()) {
        warnings.add("unknown field \"" + field + "\"");
      }
    }
    if (!causes.isEmpty()) {
      JsonNode name = object.path("metadata").path("name");
      throw Errors.invalid(type, name.isTextual() ? name.asText() : "", causes);
    }
  }

  /** Whether anything but metadata and status changed: that is what bumps the generation. */
  private static boolean contentChanged(ObjectNode current, ObjectNode next) {
    ObjectNode a = current.deepCopy();
    ObjectNode b = next.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove(List.of("metadata", "status"));
    }
    return !a.equals(b);
  }

  private static void checkEnvelope(ResourceType type, ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if ((!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion()))
        || (!kind.isEmpty() && !kind.equals(type.kind()))) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") and kind ("
              + kind
              + ") do not match the endpoint's "
              + type.apiVersion()
              + " "
              + type.kind());
    }
    body.put("apiVersion", type.apiVersion());
    body.put("kind", type.kind());
    if (!body.path("metadata").isObject() && body.has("metadata")) {
      throw ApiException.badRequest("metadata must be an object");
    }
  }

  private ResourceType namespaceType() {
    return registry.find("", "v1", "namespaces").orElseThrow();
  }

  private void requireLiveNamespace(String namespace) {
    ResourceType namespaces = namespaceType();
    ObjectNode ns =
        store
            .get(new ResourceKey(namespaces, "", namespace))
            .orElseThrow(() -> Errors.notFound(namespaces, namespace));
    if (ObjectMeta.isDeleting(ns)) {
      throw ApiException.forbidden(
          "unable to create new content in namespace "
              + namespace
              + " because it is being terminated");
    }
  }

  private void checkNamespaceDeletable(ResourceKey key) {
    if (key.name().equals("default")) {
      throw ApiException.forbidden(
          "namespaces \"default\" is forbidden: this namespace may not be deleted");
    }
    int count = store.countInNamespace(key.name());
    if (count > 0) {
      throw Errors.conflict(
          key,
          "the namespace still holds "
              + count
              + " object(s); delete them first (s3aas does not delete a project's storage implicitly)");
    }
  }

  /**
   * @param key the object written, null for a list (which fails only as EXPIRED or BAD_CONTINUE)
   */
  private ApiException translate(StoreException e, @Nullable ResourceKey key) {
    return switch (e.reason()) {
      case ALREADY_EXISTS -> Errors.alreadyExists(writtenKey(e, key));
      case EXPIRED -> Errors.gone(e.getMessage());
      case BAD_CONTINUE -> ApiException.badRequest(e.getMessage());
      case CONTENDED -> Errors.conflict(writtenKey(e, key));
      case NAMESPACE_MISSING -> Errors.notFound(namespaceType(), e.getMessage());
      case NAMESPACE_TERMINATING ->
          ApiException.forbidden(
              "unable to create new content in namespace "
                  + e.getMessage()
                  + " because it is being terminated");
    };
  }

  private static ResourceKey writtenKey(StoreException e, @Nullable ResourceKey key) {
    return Objects.requireNonNull(key, () -> "a store failure outside a write: " + e.reason());
  }

  private static String randomSuffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return b.toString();
  }
}
