package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.iam.AccessRules;
import io.exordos.s3aas.server.store.ExclusiveScopes;
import io.exordos.s3aas.server.store.ResourceKey;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Instances: an id is a UUID the facade picks (its metadata.name), its {@code name} is {@code
 * spec.displayName}, unique per project (checked and written in one exclusive section).
 */
final class InstanceHandler {
  private static final String DELETION_BLOCKED = "DeletionBlocked";

  private final ModelAccess model;
  private final ExclusiveScopes exclusive;
  private final VersionsHandler versions;

  InstanceHandler(ModelAccess model, ExclusiveScopes exclusive, VersionsHandler versions) {
    this.model = model;
    this.exclusive = exclusive;
    this.versions = versions;
  }

  Object create(Call c) {
    ObjectNode body = c.body();
    FieldMapping.checkProject(c, body);
    ObjectNode target =
        ModelAccess.newObject(model.instances, UUID.randomUUID().toString(), c.project);
    FieldMapping.apply(FacadeKinds.INSTANCE, body, target, null, c.caller);
    FieldMapping.require(target, "spec.displayName", "name");
    FieldMapping.require(target, "spec.version", "version");
    versions.resolve(target);
    if (target.at("/spec/nodes").asInt(1) >= 4) {
      target.withObjectProperty("spec").put("kind", "distributed");
    }
    String name = target.at("/spec/displayName").asText();
    model.ensureProject(c.project);
    ObjectNode stored =
        exclusive.runExclusively(
            scope(c.project),
            () -> {
              requireUniqueName(c.project, name, null);
              return model
                  .service
                  .create(model.instances, c.project, target, WriteOptions.DEFAULT)
                  .object();
            });
    return Answer.created(FieldMapping.view(FacadeKinds.INSTANCE, stored));
  }

  Object list(Call c) {
    return Paging.page(c, FacadeKinds.INSTANCE, model.all(model.instances, c.project));
  }

  Object get(Call c) {
    return FieldMapping.view(FacadeKinds.INSTANCE, c.etag(model.instance(c)));
  }

  Object update(Call c) {
    ObjectNode body = c.body();
    FieldMapping.checkProject(c, body);
    if (body.has("name") && !body.get("name").isTextual()) {
      throw FacadeError.badRequest("name", "name must be a non-empty string");
    }
    return GuaranteedUpdate.run(c, () -> updateOnce(c, body.deepCopy()));
  }

  private Object updateOnce(Call c, ObjectNode body) {
    ObjectNode current = c.precondition(model.instance(c));
    ObjectNode target = current.deepCopy();
    FieldMapping.apply(FacadeKinds.INSTANCE, body, target, current, c.caller);
    String before =
        FacadeKinds.named(FacadeKinds.INSTANCE, "name").reader().apply(current).asText();
    JsonNode after = FacadeKinds.named(FacadeKinds.INSTANCE, "name").reader().apply(target);
    WriteOptions options =
        new WriteOptions(
            false, "Warn", AccessRules.guard(c.caller, S3Instance.GROUP, "s3instances"));
    ResourceKey key =
        new ResourceKey(model.instances, c.project, current.at("/metadata/name").asText());
    ObjectNode stored;
    if (!after.asText().equals(before)) {
      stored =
          exclusive.runExclusively(
              scope(c.project),
              () -> {
                requireUniqueName(c.project, after.asText(), key.name());
                return model.service.update(key, target, options, false).object();
              });
    } else {
      stored = model.service.update(key, target, options, false).object();
    }
    return FieldMapping.view(FacadeKinds.INSTANCE, c.etag(stored));
  }

  /**
   * Deletes the instance; the operator deletes its children once no bucket keeps data (its
   * DeletionGate). Answers 409 DeletionBlocked when the operator says at once that a bucket's
   * deletion_policy keeps the nodes (the deletion then waits and finishes by itself), else 204.
   */
  Object delete(Call c) {
    ObjectNode inst = model.instance(c);
    ResourceKey key =
        new ResourceKey(model.instances, c.project, inst.at("/metadata/name").asText());
    ObjectNode deleting = model.service.delete(key, null, false);
    Optional<ObjectNode> verdict =
        model.awaitVerdict(
            key,
            deleting,
            o ->
                FacadeKinds.phase(o).equals("DELETING")
                    && Set.of("Deleting", DELETION_BLOCKED).contains(FacadeKinds.readyReason(o)));
    if (verdict.isPresent() && DELETION_BLOCKED.equals(FacadeKinds.readyReason(verdict.get()))) {
      throw new FacadeError(409, DELETION_BLOCKED, FacadeKinds.readyMessage(verdict.get()), null);
    }
    return Answer.noContent();
  }

  /** Instance names are unique per project: their checks and writes run one at a time. */
  private static String scope(String project) {
    return "instances:" + project;
  }

  private void requireUniqueName(String project, String name, @Nullable String exceptId) {
    for (ObjectNode o : model.all(model.instances, project)) {
      String id = o.at("/metadata/name").asText();
      String n = o.at("/spec/displayName").asText(id);
      if (n.equals(name) && !id.equals(exceptId)) {
        throw FacadeError.conflict(
            "an instance named \"" + name + "\" already exists in this project", "name");
      }
    }
  }
}
