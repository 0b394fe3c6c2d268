package io.exordos.s3aas.emulator.rustfs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The version chain of each key in a bucket, as S3 keeps it: the latest version (possibly a delete
 * marker) in {@code Bucket.objects}, the older ones newest first in {@code Bucket.noncurrent}. A
 * bucket that never had versioning keeps one version per key, with no version id ("null" to
 * clients); a Suspended bucket writes "null" versions that replace the previous null version.
 *
 * <p>Callers hold the store's lock and save the store afterwards; the versions this returns as
 * dropped have bytes the caller deletes.
 */
final class Versions {
  static final String NULL = "null";

  private Versions() {}

  /** The id clients see: "null" for an object written without versioning. */
  static String idOf(NodeStore.StoredObject o) {
    return o.versionId == null ? NULL : o.versionId;
  }

  /** Every version of {@code key}, newest first. */
  static List<NodeStore.StoredObject> all(NodeStore.Bucket b, String key) {
    List<NodeStore.StoredObject> out = new ArrayList<>();
    NodeStore.StoredObject latest = b.objects.get(key);
    if (latest != null) {
      out.add(latest);
      out.addAll(b.noncurrent.getOrDefault(key, List.of()));
    }
    return out;
  }

  /** The latest version without a version id, else the version with that id; null if none. */
  static NodeStore.@Nullable StoredObject find(
      NodeStore.Bucket b, String key, @Nullable String versionId) {
    if (versionId == null) {
      return b.objects.get(key);
    }
    for (NodeStore.StoredObject o : all(b, key)) {
      if (idOf(o).equals(versionId)) {
        return o;
      }
    }
    return null;
  }

  /** Makes {@code obj} the latest version of {@code key}; returns the versions it replaced. */
  static List<NodeStore.StoredObject> put(
      NodeStore.Bucket b, String key, NodeStore.StoredObject obj) {
    List<NodeStore.StoredObject> dropped = new ArrayList<>();
    NodeStore.StoredObject previous = b.objects.get(key);
    if (b.versioning == null) {
      obj.versionId = null;
      if (previous != null) {
        dropped.add(previous);
      }
      b.objects.put(key, obj);
      return dropped;
    }
    obj.versionId = "Enabled".equals(b.versioning) ? newId() : NULL;
    List<NodeStore.StoredObject> older = new ArrayList<>();
    if (previous != null) {
      older.add(previous);
      older.addAll(b.noncurrent.getOrDefault(key, List.of()));
    }
    if (obj.versionId.equals(NULL)) {
      // A Suspended bucket has at most one null version per key: the new one replaces it.
      older.removeIf(
          o -> {
            boolean isNull = idOf(o).equals(NULL);
            if (isNull) {
              dropped.add(o);
            }
            return isNull;
          });
    }
    b.objects.put(key, obj);
    setNoncurrent(b, key, older);
    return dropped;
  }

  /**
   * Removes the version {@code versionId} of {@code key}; the next older one becomes the latest.
   * Returns the removed version, or null when there was none (S3 answers that with success too).
   */
  static NodeStore.@Nullable StoredObject remove(NodeStore.Bucket b, String key, String versionId) {
    List<NodeStore.StoredObject> versions = all(b, key);
    NodeStore.StoredObject found = null;
    for (NodeStore.StoredObject o : versions) {
      if (idOf(o).equals(versionId)) {
        found = o;
        break;
      }
    }
    if (found != null) {
      versions.remove(found);
      if (versions.isEmpty()) {
        b.objects.remove(key);
        b.noncurrent.remove(key);
      } else {
        b.objects.put(key, versions.get(0));
        setNoncurrent(b, key, versions.subList(1, versions.size()));
      }
    }
    return found;
  }

  /** Whether the bucket holds any version or delete marker (then it cannot be deleted). */
  static boolean isEmpty(NodeStore.Bucket b) {
    return b.objects.isEmpty();
  }

  private static void setNoncurrent(
      NodeStore.Bucket b, String key, List<NodeStore.StoredObject> older) {
    if (older.isEmpty()) {
      b.noncurrent.remove(key);
    } else {
      b.noncurrent.put(key, new ArrayList<>(older));
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
