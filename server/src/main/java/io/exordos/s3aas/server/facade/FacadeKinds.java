package io.exordos.s3aas.server.facade;

import static io.exordos.s3aas.server.facade.Field.Access.IMMUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.MUTABLE;
import static io.exordos.s3aas.server.facade.Field.Access.WRITE_ONCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.exordos.s3aas.api.v1alpha1.S3InstanceSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The facade's resources and their fields: the seed README's names (snake_case) plus what clients
 * of the existing Python plugin send ({@code cpu, ram, disk_size, nodes_number}, {@code uuid},
 * {@code ipsv4}, the bucket flags). See docs/IAM.md for how each maps to the resource model.
 */
final class FacadeKinds {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * Label on facade-made AccessKeys: the (public) access key id, for lookups before the operator
   * reports it.
   */
  static final String ACCESS_KEY_LABEL = "s3aas.exordos.io/access-key-id";

  private FacadeKinds() {}

  /** {@code status.usage} in the facade's snake_case, or null while none is reported. */
  static @Nullable JsonNode usage(ObjectNode o) {
    JsonNode u = o.at("/status/usage");
    return u.isObject() ? snakeCase(u) : null;
  }

  private static JsonNode snakeCase(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = F.objectNode();
      n.properties()
          .forEach(
              e ->
                  out.set(
                      e.getKey().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT),
                      snakeCase(e.getValue())));
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = F.arrayNode();
      n.forEach(x -> out.add(snakeCase(x)));
      return out;
    }
    return n;
  }

  static final Field ID =
      Field.computed(
          "id",
          "string",
          "Identifier: the resource's metadata.name.",
          o -> text(o.path("metadata").path("name").asText()));
  static final Field UUID_ALIAS =
      Field.computed(
          "uuid",
          "string",
          "Same as id (the Python plugin's name for it).",
          o -> text(o.path("metadata").path("name").asText()));
  static final Field STATUS =
      Field.computed(
          "status",
          "string",
          "PENDING, CREATING, ACTIVE, ERROR or DELETING (the resource's status.phase).",
          o -> text(status(o)));
  static final Field STATUS_REASON =
      Field.computed(
          "status_reason",
          "string",
          "Why the resource is in ERROR (or still converging), from its conditions.",
          FacadeKinds::reason);
  static final Field CREATED_AT =
      Field.computed(
          "created_at",
          "string",
          "Creation time (RFC 3339).",
          o -> text(o.path("metadata").path("creationTimestamp").asText(null)));
  static final Field PROJECT_ID =
      Field.computed(
          "project_id",
          "string",
          "The MetaPaaS project (the token's project; sending another one is refused).",
          o -> text(o.path("metadata").path("namespace").asText(null)));

  static final List<Field> INSTANCE =
      List.of(
          ID,
          UUID_ALIAS,
          Field.path(
                  "name",
                  "string",
                  MUTABLE,
                  "spec.displayName",
                  "Instance name, unique per project, 1-255 characters.")
              .reader(
                  o -> {
                    JsonNode displayName = Field.at(o, "spec.displayName");
                    return text(
                        displayName != null
                            ? displayName.asText()
                            : o.path("metadata").path("name").asText());
                  }),
          PROJECT_ID,
          Field.path(
              "version",
              "string",
              IMMUTABLE,
              "spec.version",
              "PaaS version from GET /v1/types/s3/versions, e.g. \"0.0.1\" (or /v1/types/s3/versions/<uuid>)."),
          Field.path(
              "bucket_name",
              "string",
              IMMUTABLE,
              "spec.bucketName",
              "Default bucket created with the instance (S3's bucket naming rules, as a bucket's"
                  + " name)."),
          Field.path(
              "encryption",
              "string",
              MUTABLE,
              "spec.encryption",
              "Encryption mode: \"none\" or \"aes256\"."),
          Field.path(
              "versioning",
              "boolean",
              MUTABLE,
              "spec.versioning",
              "Enable S3 object versioning on the default bucket."),
          Field.path(
              "mfa_delete",
              "boolean",
              MUTABLE,
              "spec.mfaDelete",
              "Require MFA to delete objects. Only false is accepted: RustFS does not implement"
                  + " MFA delete."),
          Field.path(
                  "cpu",
                  "integer",
                  MUTABLE,
                  "spec.cpu",
                  "vCPUs per node, 1-128 (owner only after creation).")
              .restrictToOwner(),
          Field.path(
                  "ram",
                  "integer",
                  MUTABLE,
                  "spec.ramMb",
                  "Memory per node in MB, 512-1048576 (owner only after creation).")
              .restrictToOwner(),
          Field.path(
                  "disk_size",
                  "integer",
                  MUTABLE,
                  "spec.diskSizeGb",
                  "Data disk per node in GB, 8-1048576; can grow, never shrink (owner only).")
              .restrictToOwner(),
          Field.path(
              "nodes_number",
              "integer",
              IMMUTABLE,
              "spec.nodes",
              "Number of data-plane nodes: 1, or 4-16 (distributed)."),
          Field.path(
              "parity",
              "integer",
              IMMUTABLE,
              "spec.parity",
              "Erasure-coding parity of a distributed instance, at most nodes_number/2."),
          Field.computed(
              "kind",
              "string",
              "single_node or distributed (from nodes_number).",
              o ->
                  text(
                      "distributed".equals(o.at("/spec/kind").asText())
                          ? "distributed"
                          : "single_node")),
          STATUS,
          STATUS_REASON,
          Field.computed(
              "nodes",
              "array",
              "Data-plane nodes: [{id, ip, port}].",
              o -> {
                JsonNode n = o.at("/status/nodes");
                return n.isArray() ? n : F.arrayNode();
              }),
          Field.computed(
              "ipsv4",
              "array",
              "The nodes' IPv4 addresses (the Python plugin's field).",
              o -> {
                ArrayNode a = F.arrayNode();
                o.at("/status/nodes").forEach(n -> a.add(n.path("ip").asText()));
                return a;
              }),
          Field.computed(
              "endpoint",
              "string",
              "S3 endpoint URL once ACTIVE.",
              o -> text(o.at("/status/endpoint").asText(null))),
          Field.path(
                  "capacity_low_percent",
                  "integer",
                  MUTABLE,
                  "spec.capacityLowPercent",
                  "Used share of a node's disk, 1-100 (default 80), at which the instance warns"
                      + " with the condition CapacityLow and an Event; it keeps serving.")
              .reader(
                  o -> {
                    JsonNode percent = Field.at(o, "spec.capacityLowPercent");
                    return percent != null && percent.isInt()
                        ? percent
                        : F.numberNode(S3InstanceSpec.DEFAULT_CAPACITY_LOW_PERCENT);
                  }),
          Field.computed(
              "usage",
              "object",
              "Capacity and contents as the nodes last reported them (absent until then):"
                  + " {capacity_bytes, used_bytes, free_bytes, used_percent (the fullest node's),"
                  + " buckets, objects, bytes (every version), nodes: [{node, capacity_bytes,"
                  + " used_bytes, free_bytes, used_percent}], observed_at}. Warnings:"
                  + " status.conditions CapacityLow (a node past spec.capacityLowPercent).",
              FacadeKinds::usage),
          CREATED_AT);

  static final Field INSTANCE_REF =
      Field.computed(
          "instance",
          "string",
          "The instance id.",
          o -> text(o.at("/spec/instanceRef").asText(null)));

  static final List<Field> BUCKET =
      List.of(
          ID,
          UUID_ALIAS,
          Field.path(
                  "name",
                  "string",
                  IMMUTABLE,
                  "spec.bucketName",
                  "S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, beginning and ending"
                      + " with a letter or digit; no \"..\", no IP address, no \"xn--\" prefix, no"
                      + " \"-s3alias\" or \"--ol-s3\" suffix.")
              .reader(
                  o -> {
                    JsonNode bucketName = Field.at(o, "spec.bucketName");
                    return text(bucketName != null ? bucketName.asText() : childName(o));
                  }),
          INSTANCE_REF,
          PROJECT_ID,
          Field.path(
              "versioning_enabled",
              "boolean",
              MUTABLE,
              "spec.versioning",
              "S3 object versioning; turning it off suspends it."),
          Field.path(
              "object_lock_enabled",
              "boolean",
              IMMUTABLE,
              "spec.objectLock",
              "Object lock (only when the bucket is created)."),
          Field.path(
              "encryption",
              "string",
              MUTABLE,
              "spec.encryption",
              "Default encryption of new objects: none or aes256."),
          Field.path(
              "quota_bytes",
              "integer",
              MUTABLE,
              "spec.quotaBytes",
              "Hard quota in bytes; 0 = unlimited."),
          Field.path(
              "public", "boolean", MUTABLE, "spec.publicRead", "Anonymous read access to objects."),
          Field.path(
              "default_retention_mode",
              "string",
              MUTABLE,
              "spec.retention.mode",
              "GOVERNANCE or COMPLIANCE (needs object lock)."),
          Field.path(
              "default_retention_days",
              "integer",
              MUTABLE,
              "spec.retention.days",
              "Default retention in days, 1-365000."),
          Field.path(
                  "deletion_policy",
                  "string",
                  MUTABLE,
                  "spec.deletionPolicy",
                  "What deleting the bucket (or its instance) does to its objects: DeleteIfEmpty"
                      + " (the default: a bucket that holds objects is not deleted, the DELETE"
                      + " answers 409 BucketNotEmpty and the deletion waits until it is empty),"
                      + " Delete (deleted with its objects) or Retain (a bucket delete keeps the"
                      + " bucket and its objects on the node; an instance delete waits until the"
                      + " policy changes or the bucket is deleted).")
              .reader(
                  o -> {
                    JsonNode p = Field.at(o, "spec.deletionPolicy");
                    return p != null ? p : TextNode.valueOf("DeleteIfEmpty");
                  }),
          STATUS,
          STATUS_REASON,
          Field.computed(
              "usage",
              "object",
              "What the bucket holds as the node's usage scan last counted it (absent until then):"
                  + " {objects, bytes (every version), versions and delete_markers (versioned"
                  + " buckets), quota: {used_bytes, limit_bytes, percent} (with quota_bytes),"
                  + " observed_at}. Counted by the node, never by listing objects, so it trails"
                  + " writes by up to a poll.",
              FacadeKinds::usage),
          CREATED_AT);

  static final List<Field> USER =
      List.of(
          ID,
          UUID_ALIAS,
          Field.unmapped(
                  "name",
                  "string",
                  IMMUTABLE,
                  "User name: lowercase letters, digits and '-', at most 63.")
              .reader(o -> text(childName(o))),
          INSTANCE_REF,
          PROJECT_ID,
          Field.path(
                  "policies",
                  "array",
                  MUTABLE,
                  "spec.policies",
                  "Policies the user's keys carry: canned (readonly, readwrite, writeonly, diagnostics, consoleAdmin) or names of this instance's policies.")
              .reader(
                  o -> {
                    ArrayNode a = F.arrayNode();
                    String prefix = o.at("/spec/instanceRef").asText() + ".";
                    o.at("/spec/policies")
                        .forEach(
                            p ->
                                a.add(
                                    p.asText().startsWith(prefix)
                                        ? p.asText().substring(prefix.length())
                                        : p.asText()));
                    return a;
                  }),
          STATUS,
          STATUS_REASON,
          CREATED_AT);

  static final List<Field> POLICY =
      List.of(
          ID,
          UUID_ALIAS,
          Field.unmapped(
                  "name",
                  "string",
                  IMMUTABLE,
                  "Policy name: lowercase letters, digits and '-', at most 63.")
              .reader(o -> text(childName(o))),
          INSTANCE_REF,
          PROJECT_ID,
          Field.path(
              "content",
              "object",
              MUTABLE,
              "spec.document",
              "The IAM policy document: {Version, Statement: [...]}."),
          STATUS,
          STATUS_REASON,
          CREATED_AT);

  static final List<Field> ACCESS_KEY =
      List.of(
          ID,
          UUID_ALIAS,
          Field.computed(
              "access_key", "string", "The access key id (public).", FacadeKinds::accessKeyId),
          Field.unmapped(
              "secret_key",
              "string",
              WRITE_ONCE,
              "The secret key: answered once, by the create call; may be supplied there (10-256 characters). Never readable later."),
          Field.computed(
              "user", "string", "The user id.", o -> text(o.at("/spec/userRef").asText(null))),
          PROJECT_ID,
          Field.path(
              "enabled",
              "boolean",
              MUTABLE,
              "spec.enabled",
              "A disabled key cannot sign requests."),
          STATUS,
          STATUS_REASON,
          CREATED_AT);

  static final List<Field> VERSION =
      List.of(
          Field.computed("uuid", "string", "Stable id of the version.", o -> o.get("uuid")),
          Field.computed("name", "string", "The version, e.g. 0.0.1.", o -> o.get("name")),
          Field.computed("description", "string", "Description.", o -> o.get("description")),
          Field.computed("image", "string", "URL of the data-plane image.", o -> o.get("image")));

  static @Nullable JsonNode text(@Nullable String s) {
    return s == null || s.isEmpty() ? null : TextNode.valueOf(s);
  }

  static String status(ObjectNode o) {
    if (o.path("metadata").hasNonNull("deletionTimestamp")) {
      return "DELETING";
    }
    String phase = o.at("/status/phase").asText("");
    return phase.isEmpty() ? "PENDING" : phase;
  }

  /** The stored status.phase ("" when none), unlike {@link #status}, which derives DELETING. */
  static String phase(ObjectNode o) {
    return o.at("/status/phase").asText("");
  }

  /** The reason of the Ready condition ("" when none). */
  static String readyReason(ObjectNode o) {
    return ready(o).path("reason").asText("");
  }

  /** The message of the Ready condition ("" when none). */
  static String readyMessage(ObjectNode o) {
    return ready(o).path("message").asText("");
  }

  private static JsonNode ready(ObjectNode o) {
    for (JsonNode c : o.at("/status/conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return c;
      }
    }
    return F.objectNode();
  }

  static @Nullable JsonNode reason(ObjectNode o) {
    String s = status(o);
    if (s.equals("ACTIVE")) {
      return null;
    }
    for (JsonNode c : o.at("/status/conditions")) {
      if ("False".equals(c.path("status").asText()) && !c.path("message").asText("").isEmpty()) {
        return text(c.path("message").asText());
      }
    }
    return null;
  }

  /**
   * A child's facade name: metadata.name without the {@code <instance>.} prefix facade-made
   * children carry.
   */
  static String childName(ObjectNode o) {
    String name = o.path("metadata").path("name").asText();
    String prefix = o.at("/spec/instanceRef").asText() + ".";
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  static @Nullable JsonNode accessKeyId(ObjectNode o) {
    String s = o.at("/status/accessKeyId").asText("");
    if (s.isEmpty()) {
      s = o.at("/metadata/labels").path(ACCESS_KEY_LABEL).asText("");
    }
    return text(s);
  }

  /** Renders an object through a field list. */
  /** The field list of an instance's child kind, by its plural. */
  static List<Field> ofChild(String plural) {
    return switch (plural) {
      case "buckets" -> BUCKET;
      case "s3users" -> USER;
      case "s3policies" -> POLICY;
      default -> throw new IllegalArgumentException(plural);
    };
  }

  static ObjectNode view(List<Field> fields, ObjectNode o) {
    ObjectNode v = F.objectNode();
    for (Field f : fields) {
      if (f.reader() == null || f.access() == WRITE_ONCE) {
        continue;
      }
      JsonNode value = f.reader().apply(o);
      if (value != null && !value.isNull()) {
        v.set(f.name(), value);
      }
    }
    return v;
  }

  /** The field {@code name} of a list that is known to have it. */
  static Field named(List<Field> fields, String name) {
    return Objects.requireNonNull(find(fields, name), () -> "no field " + name + " in the list");
  }

  static @Nullable Field find(List<Field> fields, String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** The facade name of a model path (for validation errors), or null. */
  static @Nullable String fieldOf(List<Field> fields, String modelPath) {
    for (Field f : fields) {
      String path = f.modelPath();
      if (path != null
          && (modelPath.equals(path)
              || modelPath.startsWith(path + ".")
              || modelPath.startsWith(path + "["))) {
        return f.name();
      }
    }
    return null;
  }
}
