package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything a node knows: IAM users, custom canned policies, buckets with their settings and
 * objects. Kept in memory; with a data directory, metadata is written to {@code state.json} after
 * every change and object bytes to {@code blobs/}, so a restarted node sees the same state.
 *
 * <p>Callers synchronize on the store for compound operations; single accessors are not thread-safe
 * on their own.
 */
final class NodeStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  /**
   * An IAM user (a RustFS "regular user", identified by its access key). Fields that code always
   * sets when it creates one start empty rather than null (Jackson overwrites them on load).
   */
  static final class User {
    public String secretKey = "";
    public String status = "enabled";
    public List<String> policies = new ArrayList<>();
    public String updatedAt = "";
  }

  static final class Bucket {
    public String created = "";
    public String owner = "";
    public @Nullable String versioning; // null (never set), Enabled or Suspended
    public boolean objectLock;
    public @Nullable String lockMode; // GOVERNANCE or COMPLIANCE when a default retention is set
    public @Nullable Integer lockDays;
    public @Nullable Integer lockYears;
    public @Nullable String sseAlgorithm;
    public @Nullable String kmsKeyId;
    public @Nullable String policy; // bucket policy JSON as submitted
    public @Nullable Long quota; // bytes, HARD
    public Map<String, String> tags = new TreeMap<>();
    public @Nullable String cors; // the configuration XML as submitted
    public @Nullable String lifecycle; // the configuration XML as submitted
    public @Nullable String publicAccessBlock; // the configuration XML as submitted

    /** The latest version of each key (a delete marker when the key was deleted with versions). */
    public TreeMap<String, StoredObject> objects = new TreeMap<>();

    /** The older versions of each key in {@link #objects}, newest first (see {@link Versions}). */
    public TreeMap<String, List<StoredObject>> noncurrent = new TreeMap<>();

    /** Multipart uploads in progress by upload id. */
    public TreeMap<String, Upload> uploads = new TreeMap<>();

    long usedBytes() {
      long current = objects.values().stream().mapToLong(o -> o.size).sum();
      return current
          + noncurrent.values().stream().flatMap(List::stream).mapToLong(o -> o.size).sum();
    }
  }

  /** A multipart upload in progress: its target key, the object's settings and its parts. */
  static final class Upload {
    public String key = "";
    public String initiated = "";
    public String owner = "";

    /** The object's settings from CreateMultipartUpload: metadata, SSE, tags, lock. */
    public StoredObject template = new StoredObject();

    public TreeMap<Integer, StoredObject> parts = new TreeMap<>();
  }

  static final class StoredObject {
    public long size;
    public String etag = "";
    public String contentType = "binary/octet-stream";
    public String lastModified = "";
    public @Nullable String versionId; // null while the bucket has never had versioning
    public boolean deleteMarker;
    public String owner = ""; // access key of the writer
    public int partsCount; // parts of a multipart upload (0 for a single PUT)
    public List<Long> partSizes = new ArrayList<>(); // for GET ?partNumber=
    public @Nullable String uploadId; // the multipart upload that made it

    /** x-amz-meta-* and the stored system headers (Cache-Control, Expires, ...) by lower name. */
    public Map<String, String> metadata = new LinkedHashMap<>();

    public Map<String, String> tags = new LinkedHashMap<>();
    public @Nullable String sse; // AES256 or aws:kms (SSE-S3, SSE-KMS)
    public @Nullable String kmsKeyId;
    public @Nullable String sseCustomerKeyMd5; // SSE-C: the MD5 of the customer key, never the key
    public @Nullable String lockMode; // GOVERNANCE or COMPLIANCE
    public @Nullable String retainUntil;
    public boolean legalHold;
    public @Nullable String blob; // the file under the data directory holding the bytes
    @JsonIgnore public byte @Nullable [] data; // the bytes, when held in memory

    /** A new object with this one's settings (metadata, SSE, tags, lock) but no bytes. */
    StoredObject settingsCopy() {
      StoredObject o = new StoredObject();
      o.contentType = contentType;
      o.metadata = new LinkedHashMap<>(metadata);
      o.tags = new LinkedHashMap<>(tags);
      o.sse = sse;
      o.kmsKeyId = kmsKeyId;
      o.sseCustomerKeyMd5 = sseCustomerKeyMd5;
      o.lockMode = lockMode;
      o.retainUntil = retainUntil;
      o.legalHold = legalHold;
      o.partsCount = partsCount;
      o.partSizes = new ArrayList<>(partSizes);
      return o;
    }
  }

  static final class State {
    public Map<String, User> users = new TreeMap<>();
    public Map<String, JsonNode> policies = new TreeMap<>();
    public Map<String, Bucket> buckets = new TreeMap<>();
  }

  /**
   * How long after its creation a bucket's usage is first counted (RustFS's usage scanner); GET of
   * its quota answers 503 until then. The system property {@code s3aas.emulator.usage-scan-delay}
   * (an ISO-8601 duration, read when a node starts) overrides the default of one second.
   */
  static Duration defaultUsageScanDelay() {
    return Duration.parse(System.getProperty("s3aas.emulator.usage-scan-delay", "PT1S"));
  }

  /**
   * The size of the node's emulated drive (what {@code storageinfo} and {@code datausageinfo}
   * report as capacity). The system property {@code s3aas.emulator.disk-bytes} overrides the
   * default of 100 GiB.
   */
  static long defaultDiskBytes() {
    return Long.parseLong(
        System.getProperty("s3aas.emulator.disk-bytes", String.valueOf(100L << 30)));
  }

  private final @Nullable Path dataDir;
  private State state;
  private volatile Duration usageScanDelay = defaultUsageScanDelay();
  private volatile long diskBytes = defaultDiskBytes();

  NodeStore(@Nullable Path dataDir) {
    this.dataDir = dataDir;
    this.state = load();
  }

  State state() {
    return state;
  }

  Duration usageScanDelay() {
    return usageScanDelay;
  }

  void usageScanDelay(Duration delay) {
    usageScanDelay = delay;
  }

  long diskBytes() {
    return diskBytes;
  }

  void diskBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("disk bytes must not be negative, got " + bytes);
    }
    diskBytes = bytes;
  }

  @Nullable Path dataDir() {
    return dataDir;
  }

  private State load() {
    if (dataDir == null) {
      return new State();
    }
    try {
      Files.createDirectories(dataDir.resolve("blobs"));
      Path file = dataDir.resolve("state.json");
      return Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : new State();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read emulator state under " + dataDir, e);
    }
  }

  /** Writes metadata after a change; atomic rename so a crash never leaves a half-written file. */
  synchronized void save() {
    if (dataDir == null) {
      return;
    }
    try {
      Path tmp = dataDir.resolve("state.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
      Files.move(
          tmp,
          dataDir.resolve("state.json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeData(StoredObject obj, byte[] data) {
    if (dataDir == null) {
      obj.data = data;
      return;
    }
    obj.blob = UUID.randomUUID().toString();
    try {
      Files.write(dataDir.resolve("blobs").resolve(obj.blob), data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] readData(StoredObject obj) {
    if (obj.data != null || obj.blob == null) {
      return obj.data == null ? new byte[0] : obj.data;
    }
    try {
      Path dir = Objects.requireNonNull(dataDir, "objects are kept in files only with a data dir");
      return Files.readAllBytes(dir.resolve("blobs").resolve(obj.blob));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void deleteData(@Nullable StoredObject obj) {
    if (obj != null && obj.blob != null && dataDir != null) {
      try {
        Files.deleteIfExists(dataDir.resolve("blobs").resolve(obj.blob));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
