package io.exordos.s3aas.emulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Validation of a node or node set {@code disk_spec} as Core does it: kind {@code root_disk} (one
 * disk with an image) or kind {@code disks} (a list whose first disk is the root and has an image;
 * the others have unique labels and either a file system or an image, not both).
 *
 * <p>What Core answers back (gcl_sdk {@code gcl_sdk/infra/dm/models.py}): a {@code root_disk} is a
 * model whose properties have defaults, so it comes back with {@code size} 10, {@code speed} warm
 * and {@code ephemeral} false filled in; the disks of kind {@code disks} are plain dicts checked
 * against a scheme (only {@code size} mandatory) and come back exactly as sent.
 */
final class DiskSpec {
  private static final Set<String> ROOT_DISK_KEYS =
      Set.of("kind", "image", "size", "speed", "ephemeral");
  private static final Set<String> DISK_KEYS =
      Set.of("size", "label", "image", "mount_point", "fs", "speed", "ephemeral");
  private static final Set<String> SPEEDS = Set.of("cold", "warm", "hot");

  private static final int DEFAULT_ROOT_DISK_GB =
      10; // gcl_sdk infra/constants.py DEF_ROOT_DISK_SIZE

  private DiskSpec() {}

  /** The disk spec as Core stores and answers it: a root_disk gets its defaults. */
  static ObjectNode asStored(JsonNode spec) {
    ObjectNode stored = (ObjectNode) spec.deepCopy();
    if (stored.path("kind").asText().equals("root_disk")) {
      if (!stored.has("size")) {
        stored.put("size", DEFAULT_ROOT_DISK_GB);
      }
      if (!stored.has("speed")) {
        stored.put("speed", "warm");
      }
      if (!stored.has("ephemeral")) {
        stored.put("ephemeral", false);
      }
    }
    return stored;
  }

  static void validate(JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw CoreException.badRequest("disk_spec is required and must be an object");
    }
    String kind = spec.path("kind").asText("");
    switch (kind) {
      case "root_disk" -> {
        unknownKeys(spec, ROOT_DISK_KEYS, "disk_spec");
        requireImage(spec, "disk_spec");
        checkDisk(spec, "disk_spec");
      }
      case "disks" -> {
        unknownKeys(spec, Set.of("kind", "disks"), "disk_spec");
        JsonNode disks = spec.get("disks");
        if (disks == null || !disks.isArray() || disks.isEmpty()) {
          throw CoreException.badRequest("disk_spec.disks must be a non-empty list");
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < disks.size(); i++) {
          JsonNode d = disks.get(i);
          String where = "disk_spec.disks[" + i + "]";
          if (!d.isObject()) {
            throw CoreException.badRequest(where + " must be an object");
          }
          unknownKeys(d, DISK_KEYS, where);
          if (!d.has("size")) {
            throw CoreException.badRequest(where + ".size is required");
          }
          checkDisk(d, where);
          if (i == 0) {
            requireImage(d, where + " (the root disk)");
          } else if (d.has("fs") && d.has("image")) {
            throw CoreException.badRequest(where + " may have either fs or image, not both");
          }
          if (d.has("label")) {
            String label = d.get("label").asText();
            if (label.isEmpty() || !labels.add(label)) {
              throw CoreException.badRequest(
                  where + " label '" + label + "' is empty or not unique");
            }
          } else if (i > 0) {
            throw CoreException.badRequest(where + " needs a label");
          }
        }
      }
      default ->
          throw CoreException.badRequest(
              "disk_spec.kind must be root_disk or disks, got '" + kind + "'");
    }
  }

  private static void requireImage(JsonNode disk, String where) {
    if (!disk.path("image").isTextual() || disk.get("image").asText().isBlank()) {
      throw CoreException.badRequest(where + " must have an image");
    }
  }

  private static void checkDisk(JsonNode d, String where) {
    JsonNode size = d.get("size");
    if (size != null && (!size.canConvertToInt() || !size.isIntegralNumber() || size.asInt() < 1)) {
      throw CoreException.badRequest(where + ".size must be a positive integer (GB)");
    }
    if (d.has("speed") && !SPEEDS.contains(d.get("speed").asText())) {
      throw CoreException.badRequest(where + ".speed must be cold, warm or hot");
    }
    if (d.has("ephemeral") && !d.get("ephemeral").isBoolean()) {
      throw CoreException.badRequest(where + ".ephemeral must be a boolean");
    }
    if (d.has("mount_point") && !d.get("mount_point").asText().startsWith("/")) {
      throw CoreException.badRequest(where + ".mount_point must be an absolute path");
    }
  }

  private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw CoreException.badRequest(where + " has an unknown field '" + f + "'");
              }
            });
  }
}
