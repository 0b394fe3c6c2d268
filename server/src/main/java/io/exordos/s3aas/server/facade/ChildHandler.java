package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.catalog.CannedPolicies;
import io.exordos.s3aas.api.validation.BucketNames;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ExclusiveScopes;
import io.exordos.s3aas.server.store.ResourceKey;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instance's buckets, users and policies: one handler per kind (by its plural), the differences
 * between them spelled out where they apply. A child made here is named {@code <instance
 * id>.<name>}; its name is unique per instance (checked and written in one exclusive section).
 */
final class ChildHandler {
  private static final Pattern CHILD_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final String BUCKET_NOT_EMPTY = "BucketNotEmpty";

  private final ModelAccess model;
  private final ExclusiveScopes exclusive;
  private final AccessKeyHandler keys;
  private final String plural;
  private final ResourceType type;
  private final List<Field> fields;

  ChildHandler(ModelAccess model, ExclusiveScopes exclusive, AccessKeyHandler keys, String plural) {
    this.model = model;
    this.exclusive = exclusive;
    this.keys = keys;
    this.plural = plural;
    this.type = model.childType(plural);
    this.fields = FacadeKinds.ofChild(plural);
  }

  List<Field> fields() {
    return fields;
  }

  String plural() {
    return plural;
  }

  /** Its segment below an instance's path. */
  String pathSegment() {
    return switch (plural) {
      case "s3users" -> "users";
      case "s3policies" -> "policies";
      default -> plural;
    };
  }

  /** What the OpenAPI summaries call one. */
  String noun() {
    return plural.equals("s3users") ? "IAM user" : singular();
  }

  Object create(Call c) {
    String instanceId = model.instance(c).at("/metadata/name").asText();
    ObjectNode body = c.body();
    FieldMapping.checkProject(c, body);
    FieldMapping.checkParent(body, "instance", instanceId, RouteTable.BASE + "/instances/");
    JsonNode nameNode = body.remove("name");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
      throw FacadeError.badRequest("name", "name is required");
    }
    String name = nameNode.asText();
    if (!plural.equals("buckets") && !CHILD_NAME.matcher(name).matches()) {
      throw FacadeError.badRequest(
          "name",
          "name must be lowercase letters, digits and '-' (at most 63), not \"" + name + "\"");
    }
    String badBucketName = plural.equals("buckets") ? BucketNames.invalidValue(name) : null;
    if (badBucketName != null) { // before the object name it is part of is checked
      throw FacadeError.badRequest("name", "name: " + badBucketName);
    }
    ObjectNode target = ModelAccess.newObject(type, instanceId + "." + name, c.project);
    target.withObjectProperty("spec").put("instanceRef", instanceId);
    if (plural.equals("buckets")) {
      target.withObjectProperty("spec").put("bucketName", name);
    }
    if (plural.equals("s3policies") && !body.has("content") && body.has("document")) {
      body.set("content", body.remove("document"));
    }
    FieldMapping.apply(fields, body, target, null, c.caller);
    if (plural.equals("s3users")) {
      mapPolicies(c.project, instanceId, target);
    }
    if (plural.equals("s3policies")) {
      FieldMapping.require(target, "spec.document", "content");
    }
    ObjectNode stored =
        exclusive.runExclusively(
            plural + ":" + c.project + "/" + instanceId,
            () -> {
              for (ObjectNode o : model.children(type, c.project, instanceId)) {
                if (FacadeKinds.named(fields, "name").reader().apply(o).asText().equals(name)) {
                  throw FacadeError.conflict(
                      singular() + " \"" + name + "\" already exists on this instance", "name");
                }
              }
              return model.service.create(type, c.project, target, WriteOptions.DEFAULT).object();
            });
    return Answer.created(FieldMapping.view(fields, stored));
  }

  Object list(Call c) {
    String instanceId = model.instance(c).at("/metadata/name").asText();
    return Paging.page(c, fields, model.children(type, c.project, instanceId));
  }

  Object get(Call c) {
    return FieldMapping.view(fields, c.etag(child(c)));
  }

  Object update(Call c) {
    ObjectNode body = c.body();
    return GuaranteedUpdate.run(c, () -> updateOnce(c, body.deepCopy()));
  }

  private Object updateOnce(Call c, ObjectNode body) {
    ObjectNode current = c.precondition(child(c));
    FieldMapping.checkProject(c, body);
    FieldMapping.checkParent(
        body,
        "instance",
        current.at("/spec/instanceRef").asText(),
        RouteTable.BASE + "/instances/");
    if (plural.equals("s3policies") && !body.has("content") && body.has("document")) {
      body.set("content", body.remove("document"));
    }
    ObjectNode target = current.deepCopy();
    FieldMapping.apply(fields, body, target, current, c.caller);
    if (plural.equals("s3users")) {
      mapPolicies(c.project, current.at("/spec/instanceRef").asText(), target);
    }
    ResourceKey key = new ResourceKey(type, c.project, current.at("/metadata/name").asText());
    return FieldMapping.view(
        fields, c.etag(model.service.update(key, target, WriteOptions.DEFAULT, false).object()));
  }

  Object delete(Call c) {
    ObjectNode current = child(c);
    String id = current.at("/metadata/name").asText();
    if (plural.equals("s3users")) {
      keys.deleteKeysOf(c.project, id);
    }
    ResourceKey key = new ResourceKey(type, c.project, id);
    ObjectNode deleting = model.service.delete(key, null, false);
    if (plural.equals("buckets")) {
      // the operator asks the node at once; a bucket its policy keeps is refused in so many words
      Optional<ObjectNode> verdict =
          model.awaitVerdict(key, deleting, o -> FacadeKinds.phase(o).equals("DELETING"));
      if (verdict.isPresent() && BUCKET_NOT_EMPTY.equals(FacadeKinds.readyReason(verdict.get()))) {
        throw new FacadeError(
            409,
            BUCKET_NOT_EMPTY,
            "bucket "
                + FacadeKinds.childName(verdict.get())
                + " holds objects and its deletion_policy is DeleteIfEmpty: it is kept (status"
                + " DELETING) and deleted by itself once empty; or PATCH deletion_policy to Delete"
                + " (delete it with its objects) or Retain (keep them on the node)",
            "deletion_policy");
      }
    }
    return Answer.noContent();
  }

  /** The child of the instance of {@code {id}} that {@code {name}} names, by id or name. */
  private ObjectNode child(Call c) {
    String instanceId = model.instance(c).at("/metadata/name").asText();
    String ref = c.p("name");
    return model
        .findChild(type, fields, c.project, instanceId, ref)
        .orElseThrow(() -> FacadeError.notFound(singular() + " " + ref));
  }

  private String singular() {
    return switch (plural) {
      case "buckets" -> "bucket";
      case "s3users" -> "user";
      case "s3policies" -> "policy";
      default -> plural;
    };
  }

  /**
   * A user's policy names: canned ones as they are, this instance's policies by their
   * metadata.name.
   */
  private void mapPolicies(String project, String instanceId, ObjectNode target) {
    JsonNode list = target.at("/spec/policies");
    if (!list.isArray()) {
      return;
    }
    ArrayNode mapped = JsonNodeFactory.instance.arrayNode();
    for (JsonNode p : list) {
      if (!p.isTextual()) {
        throw FacadeError.badRequest("policies", "policies must be a list of names");
      }
      String n = p.asText();
      if (CannedPolicies.isCanned(n)) {
        mapped.add(n);
        continue;
      }
      ObjectNode policy =
          model
              .findChild(model.policies, FacadeKinds.POLICY, project, instanceId, n)
              .orElseThrow(
                  () ->
                      FacadeError.badRequest(
                          "policies",
                          "no policy \""
                              + n
                              + "\" on this instance (canned: "
                              + String.join(", ", CannedPolicies.NAMES)
                              + ")"));
      mapped.add(policy.at("/metadata/name").asText());
    }
    target.withObjectProperty("spec").set("policies", mapped);
  }
}
