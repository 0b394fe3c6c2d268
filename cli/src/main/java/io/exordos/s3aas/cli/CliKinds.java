package io.exordos.s3aas.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The kinds s3ctl knows without asking the server: the five s3aas kinds (as in {@code crds/},
 * checked by a test) and the core kinds it reads. No discovery round trip on the hot path.
 */
final class CliKinds {
  static final String GROUP = "s3aas.exordos.io";
  static final String VERSION = "v1alpha1";

  /** A printer column; {@code priority} 1 shows only with {@code -o wide}. */
  record Column(String name, String path, String type, int priority) {}

  record Kind(
      String kind,
      String group,
      String version,
      String plural,
      String singular,
      List<String> shortNames,
      boolean namespaced,
      List<Column> columns) {

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** How kubectl names the type in messages: {@code s3instance.s3aas.exordos.io}. */
    String qualifiedSingular() {
      return group.isEmpty() ? singular : singular + "." + group;
    }

    String qualifiedPlural() {
      return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The collection path; {@code namespace} null means across all namespaces. */
    String collectionPath(@Nullable String namespace) {
      String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
      return namespaced && namespace != null
          ? base + "/namespaces/" + namespace + "/" + plural
          : base + "/" + plural;
    }

    String itemPath(@Nullable String namespace, String name) {
      return collectionPath(namespace) + "/" + name;
    }

    boolean isS3aas() {
      return group.equals(GROUP);
    }
  }

  private static Column col(String name, String path, String type) {
    return new Column(name, path, type, 0);
  }

  private static Column wide(String name, String path, String type) {
    return new Column(name, path, type, 1);
  }

  private static final Column AGE = col("Age", ".metadata.creationTimestamp", "date");

  static final Kind S3_INSTANCE =
      new Kind(
          "S3Instance",
          GROUP,
          VERSION,
          "s3instances",
          "s3instance",
          List.of("s3i"),
          true,
          List.of(
              col("Version", ".spec.version", "string"),
              col("Nodes", ".spec.nodes", "integer"),
              col("Phase", ".status.phase", "string"),
              col("Endpoint", ".status.endpoint", "string"),
              col("Used%", ".status.usage.usedPercent", "integer"),
              AGE,
              wide("Bucket", ".spec.bucketName", "string"),
              wide("Encryption", ".spec.encryption", "string"),
              wide("Display-Name", ".spec.displayName", "string")));
  static final Kind BUCKET =
      new Kind(
          "Bucket",
          GROUP,
          VERSION,
          "buckets",
          "bucket",
          List.of("bkt"),
          true,
          List.of(
              col("Instance", ".spec.instanceRef", "string"),
              col("Phase", ".status.phase", "string"),
              col("Size", ".status.usage.bytes", "integer"),
              col("Objects", ".status.usage.objects", "integer"),
              AGE,
              wide("Versioning", ".spec.versioning", "boolean"),
              wide("Quota", ".spec.quotaBytes", "integer")));
  static final Kind S3_POLICY =
      new Kind(
          "S3Policy",
          GROUP,
          VERSION,
          "s3policies",
          "s3policy",
          List.of("pol"),
          true,
          List.of(
              col("Instance", ".spec.instanceRef", "string"),
              col("Phase", ".status.phase", "string"),
              AGE));
  static final Kind S3_USER =
      new Kind(
          "S3User",
          GROUP,
          VERSION,
          "s3users",
          "s3user",
          List.of("usr"),
          true,
          List.of(
              col("Instance", ".spec.instanceRef", "string"),
              col("Policies", ".spec.policies", "string"),
              col("Phase", ".status.phase", "string"),
              AGE));
  static final Kind ACCESS_KEY =
      new Kind(
          "AccessKey",
          GROUP,
          VERSION,
          "accesskeys",
          "accesskey",
          List.of("key"),
          true,
          List.of(
              col("User", ".spec.userRef", "string"),
              col("Key ID", ".status.accessKeyId", "string"),
              col("Enabled", ".spec.enabled", "boolean"),
              col("Phase", ".status.phase", "string"),
              AGE));
  static final Kind SECRET =
      new Kind(
          "Secret",
          "",
          "v1",
          "secrets",
          "secret",
          List.of(),
          true,
          List.of(col("Type", ".type", "string"), col("Data", ".data", "count"), AGE));
  static final Kind EVENT =
      new Kind(
          "Event",
          "",
          "v1",
          "events",
          "event",
          List.of("ev"),
          true,
          List.of(
              col("Last Seen", ".lastTimestamp", "date"),
              col("Type", ".type", "string"),
              col("Reason", ".reason", "string"),
              col("Object", ".involvedObject", "objectref"),
              col("Message", ".message", "string")));
  static final Kind NAMESPACE =
      new Kind(
          "Namespace",
          "",
          "v1",
          "namespaces",
          "namespace",
          List.of("ns"),
          false,
          List.of(col("Status", ".status.phase", "string"), AGE));

  static final List<Kind> ALL =
      List.of(S3_INSTANCE, BUCKET, S3_POLICY, S3_USER, ACCESS_KEY, SECRET, EVENT, NAMESPACE);

  private CliKinds() {}

  /**
   * Resolves a kind as typed: plural, singular, Kind, short name, or any of these with {@code
   * .group}.
   */
  static Kind resolve(String typed) {
    String t = typed.toLowerCase(Locale.ROOT);
    for (Kind k : ALL) {
      for (String n : names(k)) {
        if (t.equals(n)
            || (!k.group().isEmpty()
                && (t.equals(n + "." + k.group())
                    || t.equals(n + "." + k.version() + "." + k.group())))) {
          return k;
        }
      }
    }
    throw new CliException(
        2,
        "the server doesn't have a resource type \""
            + typed
            + "\""
            + suggestion(t)
            + "\n  known types: "
            + String.join(", ", known()));
  }

  /** Resolves {@code apiVersion} + {@code kind} from a manifest. */
  static Kind forManifest(String apiVersion, String kind) {
    for (Kind k : ALL) {
      if (k.kind().equals(kind) && k.apiVersion().equals(apiVersion)) {
        return k;
      }
    }
    for (Kind k : ALL) {
      if (k.kind().equalsIgnoreCase(kind)) {
        if (k.kind().equals(kind)) {
          throw new CliException(
              1,
              "no matches for kind \""
                  + kind
                  + "\" in version \""
                  + apiVersion
                  + "\": did you mean apiVersion: "
                  + k.apiVersion()
                  + "?");
        }
        throw new CliException(
            1,
            "no matches for kind \""
                + kind
                + "\" in version \""
                + apiVersion
                + "\": did you mean kind: "
                + k.kind()
                + "?");
      }
    }
    String best = Suggest.closest(kind, ALL.stream().map(Kind::kind).toList());
    throw new CliException(
        1,
        "no matches for kind \""
            + kind
            + "\" in version \""
            + apiVersion
            + "\""
            + (best != null
                ? ": did you mean kind: " + best + "?"
                : "; s3ctl knows " + String.join(", ", ALL.stream().map(Kind::kind).toList())));
  }

  static List<String> names(Kind k) {
    List<String> n = new ArrayList<>();
    n.add(k.plural());
    n.add(k.singular());
    n.addAll(k.shortNames());
    return n;
  }

  static Set<String> known() {
    Set<String> all = new LinkedHashSet<>();
    for (Kind k : ALL) {
      all.add(
          k.plural()
              + (k.shortNames().isEmpty() ? "" : " (" + String.join(",", k.shortNames()) + ")"));
    }
    return all;
  }

  private static String suggestion(String typed) {
    List<String> candidates = new ArrayList<>();
    for (Kind k : ALL) {
      candidates.addAll(names(k));
    }
    String best = Suggest.closest(typed, candidates);
    return best == null ? "" : "; did you mean \"" + best + "\"?";
  }
}
