package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.DeleteBucketEncryptionArgs;
import io.minio.DeleteBucketPolicyArgs;
import io.minio.GetBucketEncryptionArgs;
import io.minio.GetBucketPolicyArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetBucketEncryptionArgs;
import io.minio.SetBucketPolicyArgs;
import io.minio.SetBucketVersioningArgs;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.RetentionDurationDays;
import io.minio.messages.RetentionMode;
import io.minio.messages.SseConfiguration;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** minio-java's S3 client, unchanged, against a node emulator. */
class MinioClientTest {
  static RustfsNode node;
  static MinioClient root;

  @BeforeAll
  static void start() {
    node = RustfsNode.start(RustfsNode.Config.of("admin", "root-secret-1"));
    root = client("admin", "root-secret-1");
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  static MinioClient client(String ak, String sk) {
    return client(node, ak, sk);
  }

  static MinioClient client(RustfsNode n, String ak, String sk) {
    return MinioClient.builder()
        .endpoint(n.endpoint().toString())
        .region("us-east-1")
        .credentials(ak, sk)
        .build();
  }

  static void put(MinioClient c, String bucket, String key, String text) throws Exception {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    c.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(data), data.length, -1)
            .contentType("text/plain")
            .build());
  }

  static String errorCode(Throwable t) {
    return ((ErrorResponseException) t).errorResponse().code();
  }

  @Test
  void bucketAndObjectLifecycle() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("docs").build());
    assertThat(root.bucketExists(BucketExistsArgs.builder().bucket("docs").build())).isTrue();
    assertThat(root.bucketExists(BucketExistsArgs.builder().bucket("nope").build())).isFalse();
    put(root, "docs", "a/one.txt", "hello");
    put(root, "docs", "a/two.txt", "world!");
    put(root, "docs", "b.txt", "x");
    try (var in =
        root.getObject(GetObjectArgs.builder().bucket("docs").object("a/one.txt").build())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(
            root.statObject(StatObjectArgs.builder().bucket("docs").object("a/two.txt").build())
                .size())
        .isEqualTo(6);
    List<String> names = new ArrayList<>();
    for (Result<Item> r : root.listObjects(ListObjectsArgs.builder().bucket("docs").build())) {
      names.add(r.get().objectName());
    }
    assertThat(names).containsExactlyInAnyOrder("a/", "b.txt");
    names.clear();
    for (Result<Item> r :
        root.listObjects(ListObjectsArgs.builder().bucket("docs").recursive(true).build())) {
      names.add(r.get().objectName());
    }
    assertThat(names).containsExactly("a/one.txt", "a/two.txt", "b.txt");

    assertThatThrownBy(() -> root.removeBucket(RemoveBucketArgs.builder().bucket("docs").build()))
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("BucketNotEmpty"));
    // RustFS answers 200 to a CreateBucket of a bucket the caller already owns, and keeps its data
    root.makeBucket(MakeBucketArgs.builder().bucket("docs").build());
    assertThat(root.listObjects(ListObjectsArgs.builder().bucket("docs").recursive(true).build()))
        .hasSize(3);
    for (String k : List.of("a/one.txt", "a/two.txt", "b.txt")) {
      root.removeObject(RemoveObjectArgs.builder().bucket("docs").object(k).build());
    }
    root.removeBucket(RemoveBucketArgs.builder().bucket("docs").build());
    assertThat(node.calls().count("CreateBucket")).isGreaterThanOrEqualTo(2);
    assertThat(node.calls().count("PutObject")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void unknownBucketAndKey() {
    assertThatThrownBy(
            () ->
                root.getObject(
                    GetObjectArgs.builder().bucket("missing-bucket").object("k").build()))
        .satisfies(
            t -> {
              ErrorResponseException e = (ErrorResponseException) t;
              assertThat(e.errorResponse().code()).isEqualTo("NoSuchBucket");
              assertThat(e.response().code()).isEqualTo(404);
              assertThat(e.errorResponse().requestId()).isNotBlank();
            });
    assertThatThrownBy(() -> root.makeBucket(MakeBucketArgs.builder().bucket("Bad_Name").build()))
        .isInstanceOf(IllegalArgumentException.class); // minio-java validates names itself
  }

  @Test
  void badSignaturesAreRejected() {
    assertThatThrownBy(() -> client("admin", "wrong-secret").listBuckets())
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("SignatureDoesNotMatch"));
    assertThatThrownBy(() -> client("nobody", "whatever-secret").listBuckets())
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("InvalidAccessKeyId"));
  }

  @Test
  void versioningEncryptionLockAndPolicy() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("settings").build());
    assertThat(
            root.getBucketVersioning(GetBucketVersioningArgs.builder().bucket("settings").build())
                .status())
        .isEqualTo(VersioningConfiguration.Status.OFF);
    root.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket("settings")
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());
    assertThat(
            root.getBucketVersioning(GetBucketVersioningArgs.builder().bucket("settings").build())
                .status())
        .isEqualTo(VersioningConfiguration.Status.ENABLED);

    // minio-java maps ServerSideEncryptionConfigurationNotFoundError to an empty configuration.
    assertThat(
            root.getBucketEncryption(GetBucketEncryptionArgs.builder().bucket("settings").build())
                .rule())
        .isNull();
    root.setBucketEncryption(
        SetBucketEncryptionArgs.builder()
            .bucket("settings")
            .config(SseConfiguration.newConfigWithSseS3Rule())
            .build());
    assertThat(
            root.getBucketEncryption(GetBucketEncryptionArgs.builder().bucket("settings").build())
                .rule())
        .isNotNull();
    root.deleteBucketEncryption(DeleteBucketEncryptionArgs.builder().bucket("settings").build());

    // Object lock is off on a bucket created without it; RustFS turns it on later only once the
    // bucket's versioning is Enabled.
    assertThatThrownBy(
            () ->
                root.getObjectLockConfiguration(
                    GetObjectLockConfigurationArgs.builder().bucket("settings").build()))
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("ObjectLockConfigurationNotFoundError"));
    root.makeBucket(MakeBucketArgs.builder().bucket("unversioned").build());
    ObjectLockConfiguration thirtyDays =
        new ObjectLockConfiguration(RetentionMode.COMPLIANCE, new RetentionDurationDays(30));
    assertThatThrownBy(
            () ->
                root.setObjectLockConfiguration(
                    SetObjectLockConfigurationArgs.builder()
                        .bucket("unversioned")
                        .config(thirtyDays)
                        .build()))
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("InvalidBucketState"));
    root.setObjectLockConfiguration(
        SetObjectLockConfigurationArgs.builder().bucket("settings").config(thirtyDays).build());
    assertThat(
            root.getObjectLockConfiguration(
                    GetObjectLockConfigurationArgs.builder().bucket("settings").build())
                .mode())
        .isEqualTo(RetentionMode.COMPLIANCE);
    root.makeBucket(MakeBucketArgs.builder().bucket("locked").objectLock(true).build());
    root.setObjectLockConfiguration(
        SetObjectLockConfigurationArgs.builder()
            .bucket("locked")
            .config(
                new ObjectLockConfiguration(
                    RetentionMode.COMPLIANCE, new RetentionDurationDays(30)))
            .build());
    ObjectLockConfiguration lock =
        root.getObjectLockConfiguration(
            GetObjectLockConfigurationArgs.builder().bucket("locked").build());
    assertThat(lock.duration().duration()).isEqualTo(30);
    assertThat(
            root.getBucketVersioning(GetBucketVersioningArgs.builder().bucket("locked").build())
                .status())
        .isEqualTo(VersioningConfiguration.Status.ENABLED);

    // minio-java maps NoSuchBucketPolicy to an empty policy.
    assertThat(root.getBucketPolicy(GetBucketPolicyArgs.builder().bucket("settings").build()))
        .isEmpty();
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},"
            + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::settings/*\"]}]}";
    root.setBucketPolicy(SetBucketPolicyArgs.builder().bucket("settings").config(policy).build());
    assertThat(root.getBucketPolicy(GetBucketPolicyArgs.builder().bucket("settings").build()))
        .contains("s3:GetObject");
    String otherBucket = policy.replace("settings/*", "elsewhere/*");
    assertThatThrownBy(
            () ->
                root.setBucketPolicy(
                    SetBucketPolicyArgs.builder().bucket("settings").config(otherBucket).build()))
        .satisfies(t -> assertThat(errorCode(t)).isEqualTo("MalformedPolicy"));
    root.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket("settings").build());
  }

  @Test
  void publicBucketPolicyAndPresignedUrls() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("pub").build());
    put(root, "pub", "file.txt", "public data");
    HttpClient http = HttpClient.newHttpClient();
    URI plain = URI.create(node.endpoint() + "/pub/file.txt");
    HttpResponse<String> denied =
        http.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("<Code>AccessDenied</Code>").contains("<RequestId>");

    String url =
        root.getPresignedObjectUrl(
            GetPresignedObjectUrlArgs.builder()
                .method(Method.GET)
                .bucket("pub")
                .object("file.txt")
                .expiry(600)
                .build());
    HttpResponse<String> presigned =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(presigned.statusCode()).isEqualTo(200);
    assertThat(presigned.body()).isEqualTo("public data");
    HttpResponse<String> tampered =
        http.send(
            HttpRequest.newBuilder(URI.create(url.replace("file.txt", "other.txt"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tampered.body()).contains("SignatureDoesNotMatch");

    root.setBucketPolicy(
        SetBucketPolicyArgs.builder()
            .bucket("pub")
            .config(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},\"Action\":[\"s3:GetObject\"],"
                    + "\"Resource\":[\"arn:aws:s3:::pub/*\"]}]}")
            .build());
    HttpResponse<String> open =
        http.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).isEqualTo(200);
    HttpResponse<String> anonWrite =
        http.send(
            HttpRequest.newBuilder(plain).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonWrite.statusCode()).isEqualTo(403);
  }

  /** minio-java's multipart upload of 50 MB, the download, a server-side copy and versions. */
  @Test
  void largeObjectsCopiesAndVersions() throws Exception {
    root.makeBucket(MakeBucketArgs.builder().bucket("big").build());
    byte[] data = new byte[50 * 1024 * 1024];
    new java.util.Random(7).nextBytes(data);
    root.putObject(
        PutObjectArgs.builder().bucket("big").object("blob.bin").stream(
                new ByteArrayInputStream(data), data.length, 10L * 1024 * 1024)
            .build());
    try (java.io.InputStream in =
        root.getObject(GetObjectArgs.builder().bucket("big").object("blob.bin").build())) {
      assertThat(java.util.Arrays.equals(in.readAllBytes(), data)).isTrue();
    }
    root.copyObject(
        io.minio.CopyObjectArgs.builder()
            .bucket("big")
            .object("copy.bin")
            .source(io.minio.CopySource.builder().bucket("big").object("blob.bin").build())
            .build());
    try (java.io.InputStream in =
        root.getObject(GetObjectArgs.builder().bucket("big").object("copy.bin").build())) {
      assertThat(java.util.Arrays.equals(in.readAllBytes(), data)).isTrue();
    }

    root.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket("big")
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());
    put(root, "big", "note.txt", "first");
    put(root, "big", "note.txt", "second");
    root.removeObject(RemoveObjectArgs.builder().bucket("big").object("note.txt").build());
    List<Item> versions = new ArrayList<>();
    for (Result<Item> r :
        root.listObjects(
            ListObjectsArgs.builder().bucket("big").prefix("note").includeVersions(true).build())) {
      versions.add(r.get());
    }
    // minio-java lists the versions (newest first), then the delete markers.
    assertThat(versions).extracting(Item::isDeleteMarker).containsExactly(false, false, true);
    assertThat(versions).extracting(Item::isLatest).containsExactly(false, false, true);
    String oldest = versions.get(1).versionId();
    try (java.io.InputStream in =
        root.getObject(
            GetObjectArgs.builder().bucket("big").object("note.txt").versionId(oldest).build())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
    }
    assertThatThrownBy(
            () -> root.getObject(GetObjectArgs.builder().bucket("big").object("note.txt").build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("does not exist");
  }
}
