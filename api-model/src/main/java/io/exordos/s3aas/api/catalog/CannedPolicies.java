package io.exordos.s3aas.api.catalog;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The policies every RustFS node has built in (its canned policies): an S3User may name them
 * without an S3Policy of the instance, and no S3Policy may take their names.
 */
public final class CannedPolicies {
  /** Sorted, so messages that list them read the same every time. */
  public static final SortedSet<String> NAMES =
      Collections.unmodifiableSortedSet(
          new TreeSet<>(
              List.of("consoleAdmin", "diagnostics", "readonly", "readwrite", "writeonly")));

  private CannedPolicies() {}

  public static boolean isCanned(String policyName) {
    return NAMES.contains(policyName);
  }
}
