package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Compares node set disk specs the way Core means them, so a spec that comes back with Core's
 * defaults filled in is not mistaken for a change (which would re-PUT an unchanged node set). Core
 * (gcl_sdk {@code infra/dm/models.py}) fills a {@code root_disk}'s size (10 GB), speed (warm) and
 * ephemeral (false), and reads a missing speed/ephemeral of a {@code disks} entry as warm/false.
 */
final class CoreDiskSpec {
  private static final int DEFAULT_ROOT_DISK_GB = 10;

  private CoreDiskSpec() {}

  static boolean same(JsonNode a, JsonNode b) {
    return normalised(a).equals(normalised(b));
  }

  /** A copy with every default Core would apply written out, sizes as long. */
  static JsonNode normalised(JsonNode spec) {
    if (!spec.isObject()) {
      return spec;
    }
    ObjectNode out = spec.deepCopy();
    if (out.path("kind").asText().equals("root_disk")) {
      withDefaults(out);
      if (!out.has("size")) {
        out.put("size", (long) DEFAULT_ROOT_DISK_GB);
      }
    }
    for (JsonNode disk : out.path("disks")) {
      if (disk instanceof ObjectNode d) {
        withDefaults(d);
      }
    }
    return out;
  }

  private static void withDefaults(ObjectNode disk) {
    if (!disk.has("speed")) {
      disk.put("speed", "warm");
    }
    if (!disk.has("ephemeral")) {
      disk.put("ephemeral", false);
    }
    if (disk.path("size").canConvertToLong()) {
      disk.put("size", disk.get("size").asLong());
    }
  }
}
