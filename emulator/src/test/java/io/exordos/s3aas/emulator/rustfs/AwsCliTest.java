package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real AWS CLI (/usr/bin/aws) as a separate process against a node emulator. */
class AwsCliTest {
  static final Path AWS = Path.of("/usr/bin/aws");
  static RustfsNode node;
  @TempDir static Path home;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(AWS), "AWS CLI not installed at /usr/bin/aws");
    node = RustfsNode.start(RustfsNode.Config.of("admin", "root-secret-4"));
    Files.writeString(
        home.resolve("config"),
        """
                [default]
                region = us-east-1
                s3 =
                    addressing_style = path
                """);
    TestSigner.send(
        node,
        "admin",
        "root-secret-4",
        "PUT",
        "/rustfs/admin/v3/add-user",
        "accessKey=clireader",
        "{\"secretKey\":\"cli-reader-secret\",\"status\":\"enabled\"}");
    TestSigner.send(
        node,
        "admin",
        "root-secret-4",
        "PUT",
        "/rustfs/admin/v3/set-user-or-group-policy",
        "isGroup=false&policyName=readonly&userOrGroup=clireader",
        null);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static Run aws(String ak, String sk, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                AWS.toString(),
                "--endpoint-url",
                node.endpoint().toString(),
                "--no-cli-pager",
                "--output",
                "json"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    env.put("AWS_ACCESS_KEY_ID", ak);
    env.put("AWS_SECRET_ACCESS_KEY", sk);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("aws did not finish: " + String.join(" ", args));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void rootAndReadonlyKeys() throws Exception {
    Run create = aws("admin", "root-secret-4", "s3api", "create-bucket", "--bucket", "cli-bucket");
    assertThat(create.exit()).as(create.err()).isZero();
    Run put =
        aws(
            "admin",
            "root-secret-4",
            "s3api",
            "put-bucket-versioning",
            "--bucket",
            "cli-bucket",
            "--versioning-configuration",
            "Status=Enabled");
    assertThat(put.exit()).as(put.err()).isZero();
    Run get =
        aws("admin", "root-secret-4", "s3api", "get-bucket-versioning", "--bucket", "cli-bucket");
    assertThat(get.out()).contains("\"Status\": \"Enabled\"");

    Path file = home.resolve("upload.txt");
    Files.writeString(file, "payload from the aws cli\n".repeat(100));
    Run up =
        aws(
            "admin",
            "root-secret-4",
            "s3",
            "cp",
            file.toString(),
            "s3://cli-bucket/dir/upload.txt");
    assertThat(up.exit()).as(up.err()).isZero();
    Path back = home.resolve("download.txt");
    Run down =
        aws(
            "admin",
            "root-secret-4",
            "s3",
            "cp",
            "s3://cli-bucket/dir/upload.txt",
            back.toString());
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(Files.readString(back)).isEqualTo(Files.readString(file));

    // Paging: one key per page through continuation tokens; max-keys=0 lists nothing
    Run paged =
        aws(
            "admin",
            "root-secret-4",
            "s3api",
            "list-objects-v2",
            "--bucket",
            "cli-bucket",
            "--page-size",
            "1",
            "--query",
            "Contents[].Key",
            "--output",
            "text");
    assertThat(paged.exit()).as(paged.err()).isZero();
    assertThat(paged.out()).contains("dir/upload.txt");
    Run none =
        aws(
            "admin",
            "root-secret-4",
            "s3api",
            "list-objects-v2",
            "--bucket",
            "cli-bucket",
            "--max-keys",
            "0",
            "--no-paginate");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.out()).contains("\"KeyCount\": 0").doesNotContain("dir/upload.txt");

    // The readonly user can read but not write.
    Path readBack = home.resolve("read-back.txt");
    Run read =
        aws(
            "clireader",
            "cli-reader-secret",
            "s3",
            "cp",
            "s3://cli-bucket/dir/upload.txt",
            readBack.toString());
    assertThat(read.exit()).as(read.err()).isZero();
    Run denied =
        aws(
            "clireader",
            "cli-reader-secret",
            "s3api",
            "put-object",
            "--bucket",
            "cli-bucket",
            "--key",
            "x",
            "--body",
            file.toString());
    assertThat(denied.exit()).isNotZero();
    assertThat(denied.err()).contains("AccessDenied");

    Run wrong = aws("admin", "not-the-secret", "s3api", "list-buckets");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.err()).contains("SignatureDoesNotMatch");

    Run missing =
        aws("admin", "root-secret-4", "s3api", "head-bucket", "--bucket", "no-such-bucket");
    assertThat(missing.err()).contains("404");
    assertThat(new String(Files.readAllBytes(back), StandardCharsets.UTF_8)).startsWith("payload");
  }

  /** The CLI's high-level commands on a 50 MB file use multipart uploads and ranged GETs. */
  @Test
  void largeFilesCopiesVersionsAndPresignedUrls() throws Exception {
    String ak = "admin";
    String sk = "root-secret-4";
    assertThat(aws(ak, sk, "s3", "mb", "s3://cli-big").exit()).isZero();
    assertThat(aws(ak, sk, "s3", "mb", "s3://cli-copy").exit()).isZero();
    Path big = home.resolve("big.bin");
    byte[] data = new byte[50 * 1024 * 1024];
    new java.util.Random(13).nextBytes(data);
    Files.write(big, data);

    Run up = aws(ak, sk, "s3", "cp", big.toString(), "s3://cli-big/big.bin");
    assertThat(up.exit()).as(up.err()).isZero();
    Run head = aws(ak, sk, "s3api", "head-object", "--bucket", "cli-big", "--key", "big.bin");
    assertThat(head.out()).contains("\"ContentLength\": " + data.length);
    // A multipart ETag: the MD5 of the parts' MD5s, a dash and the part count (8 MB parts).
    assertThat(head.out()).containsPattern("\"ETag\": \"\\\\\"[0-9a-f]{32}-7\\\\\"\"");
    Path back = home.resolve("big-back.bin");
    Run down = aws(ak, sk, "s3", "cp", "s3://cli-big/big.bin", back.toString());
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(sha256(back)).isEqualTo(sha256(big));

    Run copy = aws(ak, sk, "s3", "cp", "s3://cli-big/big.bin", "s3://cli-copy/copied.bin");
    assertThat(copy.exit()).as(copy.err()).isZero();
    Path copied = home.resolve("copied.bin");
    assertThat(aws(ak, sk, "s3", "cp", "s3://cli-copy/copied.bin", copied.toString()).exit())
        .isZero();
    assertThat(sha256(copied)).isEqualTo(sha256(big));

    // Versions: two overwrites and a delete leave three versions and a delete marker.
    assertThat(
            aws(
                    ak,
                    sk,
                    "s3api",
                    "put-bucket-versioning",
                    "--bucket",
                    "cli-copy",
                    "--versioning-configuration",
                    "Status=Enabled")
                .exit())
        .isZero();
    Path small = home.resolve("v.txt");
    for (String text : List.of("one", "two", "three")) {
      Files.writeString(small, text);
      assertThat(aws(ak, sk, "s3", "cp", small.toString(), "s3://cli-copy/v.txt").exit()).isZero();
    }
    assertThat(aws(ak, sk, "s3", "rm", "s3://cli-copy/v.txt").exit()).isZero();
    Run versions =
        aws(
            ak,
            sk,
            "s3api",
            "list-object-versions",
            "--bucket",
            "cli-copy",
            "--prefix",
            "v.txt",
            "--query",
            "[length(Versions), length(DeleteMarkers), DeleteMarkers[0].IsLatest]",
            "--output",
            "text");
    assertThat(versions.out().trim().split("\\s+", -1)).containsExactly("3", "1", "True");
    Run oldest =
        aws(
            ak,
            sk,
            "s3api",
            "list-object-versions",
            "--bucket",
            "cli-copy",
            "--prefix",
            "v.txt",
            "--query",
            "Versions[2].VersionId",
            "--output",
            "text");
    Path first = home.resolve("first.txt");
    Run get =
        aws(
            ak,
            sk,
            "s3api",
            "get-object",
            "--bucket",
            "cli-copy",
            "--key",
            "v.txt",
            "--version-id",
            oldest.out().trim(),
            first.toString());
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(Files.readString(first)).isEqualTo("one");

    Run presign = aws(ak, sk, "s3", "presign", "s3://cli-big/big.bin", "--expires-in", "300");
    assertThat(presign.exit()).as(presign.err()).isZero();
    java.net.http.HttpResponse<byte[]> fetched =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(presign.out().trim()))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(java.util.Arrays.equals(fetched.body(), data)).isTrue();
  }

  static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
