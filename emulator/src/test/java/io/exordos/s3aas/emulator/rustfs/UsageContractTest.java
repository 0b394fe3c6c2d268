package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetBucketVersioningArgs;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code datausageinfo} and {@code storageinfo} as RustFS serves them (docs/CONTRACTS.md), counted
 * from what the node stores: the operator's one bulk usage read is written against these shapes.
 */
class UsageContractTest {
  static final String ROOT = "admin";
  static final String SECRET = "usage-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  RustfsNode node;
  MinioClient root;

  @BeforeEach
  void start() {
    node = RustfsNode.start(RustfsNode.Config.of(ROOT, SECRET)).usageScanDelay(Duration.ZERO);
    root = MinioClientTest.client(node, ROOT, SECRET);
  }

  @AfterEach
  void stop() {
    node.stop();
  }

  JsonNode admin(String command) throws Exception {
    HttpResponse<String> r =
        TestSigner.send(node, ROOT, SECRET, "GET", "/rustfs/admin/v3/" + command, "", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  void put(String bucket, String key, int size) throws Exception {
    root.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(new byte[size]), size, -1)
            .build());
  }

  @Test
  void dataUsageCountsEveryVersionAndDeleteMarkerPerBucket() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("plain").build());
    root.makeBucket(MakeBucketArgs.builder().bucket("versioned").build());
    root.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket("versioned")
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());
    put("plain", "a", 100);
    put("plain", "b", 2048);
    put("versioned", "k", 10);
    put("versioned", "k", 20); // a second version of k
    put("versioned", "gone", 5);
    root.removeObject(RemoveObjectArgs.builder().bucket("versioned").object("gone").build());

    JsonNode info = admin("datausageinfo");
    JsonNode plain = info.path("buckets_usage").path("plain");
    assertThat(plain.path("size").asLong()).isEqualTo(2148);
    assertThat(plain.path("objects_count").asLong()).isEqualTo(2);
    assertThat(plain.path("versions_count").asLong()).isEqualTo(2);
    assertThat(plain.path("delete_markers_count").asLong()).isZero();
    assertThat(plain.path("object_size_histogram").path("LESS_THAN_1024_B").asLong()).isEqualTo(1);
    assertThat(plain.path("object_size_histogram").path("BETWEEN_1024_B_AND_64_KB").asLong())
        .isEqualTo(1);
    assertThat(plain.path("object_size_histogram").path("BETWEEN_1024B_AND_1_MB").asLong())
        .isEqualTo(1);
    // versioned: k has two versions (30 bytes), "gone" keeps its 5-byte version under a marker
    JsonNode versioned = info.path("buckets_usage").path("versioned");
    assertThat(versioned.path("size").asLong()).isEqualTo(35);
    assertThat(versioned.path("objects_count").asLong()).isEqualTo(2);
    assertThat(versioned.path("versions_count").asLong()).isEqualTo(3);
    assertThat(versioned.path("delete_markers_count").asLong()).isEqualTo(1);
    assertThat(versioned.path("object_versions_histogram").path("BETWEEN_2_AND_10").asLong())
        .isEqualTo(1);
    assertThat(info.path("bucket_sizes").path("versioned").asLong()).isEqualTo(35);
    assertThat(info.path("buckets_count").asLong()).isEqualTo(2);
    assertThat(info.path("objects_total_count").asLong()).isEqualTo(4);
    assertThat(info.path("versions_total_count").asLong()).isEqualTo(5);
    assertThat(info.path("delete_markers_total_count").asLong()).isEqualTo(1);
    assertThat(info.path("objects_total_size").asLong()).isEqualTo(2183);
    assertThat(info.path("usage_snapshot_complete").asBoolean()).isTrue();
    assertThat(info.path("last_update").path("secs_since_epoch").canConvertToLong()).isTrue();
    long total = info.path("total_capacity").asLong();
    assertThat(total).isEqualTo(100L << 30);
    assertThat(info.path("total_used_capacity").asLong()).isEqualTo(2183);
    assertThat(info.path("total_free_capacity").asLong()).isEqualTo(total - 2183);
  }

  @Test
  void aBucketTheScannerHasNotReachedIsAbsentNotZero() throws Exception {
    node.usageScanDelay(Duration.ofHours(1));
    root.makeBucket(MakeBucketArgs.builder().bucket("fresh").build());
    JsonNode info = admin("datausageinfo");
    assertThat(info.path("buckets_usage").has("fresh")).isFalse();
    assertThat(info.path("usage_snapshot_complete").asBoolean()).isFalse();
  }

  @Test
  void storageInfoReportsTheDriveAndFollowsItsSize() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("data").build());
    put("data", "x", 600);
    node.diskBytes(1000);
    JsonNode info = admin("storageinfo");
    JsonNode disk = info.path("info").path("disks").path(0);
    assertThat(disk.path("state").asText()).isEqualTo("ok");
    assertThat(disk.path("totalspace").asLong()).isEqualTo(1000);
    assertThat(disk.path("usedspace").asLong()).isEqualTo(600);
    assertThat(disk.path("availspace").asLong()).isEqualTo(400);
    assertThat(disk.path("utilization").asDouble()).isEqualTo(60.0);
    assertThat(info.path("info").path("backend").path("BackendType").asText()).isEqualTo("Erasure");
    assertThat(info.path("admin_discovery").path("runtimeCapabilities").asText())
        .isEqualTo("/rustfs/admin/v4/runtime/capabilities");
    JsonNode usage = admin("datausageinfo");
    assertThat(usage.path("total_capacity").asLong()).isEqualTo(1000);
    assertThat(usage.path("total_free_capacity").asLong()).isEqualTo(400);
  }

  @Test
  void onlyTheRootUserMayAsk() throws Exception {
    HttpResponse<String> r =
        TestSigner.send(
            node, "nobody", "nobody-secret", "GET", "/rustfs/admin/v3/storageinfo", "", null);
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
