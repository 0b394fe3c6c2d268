package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Bucket;
import io.minio.messages.Item;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dates a node writes are right on any day, not only on the 10th to the 31st of a month: each
 * case pins the node's clock to a day where a formatting mistake shows (a one-digit day, a leap
 * day, the last second of a year) and reads the node's answers through raw HTTP, minio-java (which
 * refuses anything but an IMF-fixdate) and the AWS CLI, each client's own clock pinned to the same
 * moment with faketime, so signatures stay fresh.
 */
class DatesOnAnyDayTest {
  private static final Path FAKETIME = Path.of("/usr/bin/faketime");
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final String ROOT = "admin";
  private static final String ROOT_SECRET = "root-secret-dates";
  private static final DateTimeFormatter FAKETIME_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @TempDir Path home;

  private static RustfsNode nodeAt(Instant moment) {
    return RustfsNode.start(
        RustfsNode.Config.of(ROOT, ROOT_SECRET).withClock(Clock.fixed(moment, ZoneOffset.UTC)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2027-01-05T03:31:08Z | Tue, 05 Jan 2027 03:31:08 GMT | 2027-01-05T03:31:08.000Z",
        "2028-02-29T12:00:00Z | Tue, 29 Feb 2028 12:00:00 GMT | 2028-02-29T12:00:00.000Z",
        "2026-12-31T23:59:59Z | Thu, 31 Dec 2026 23:59:59 GMT | 2026-12-31T23:59:59.000Z",
      })
  void headersAndXmlCarryTheExactDate(String moment, String httpDate, String xmlDate)
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse(moment), ZoneOffset.UTC);
    try (RustfsNode node = nodeAt(clock.instant())) {
      assertThat(send(node, clock, "PUT", "/dated", "", null).statusCode()).isEqualTo(200);
      assertThat(send(node, clock, "PUT", "/dated/k", "", "dated").statusCode()).isEqualTo(200);

      HttpResponse<String> head = send(node, clock, "HEAD", "/dated/k", "", null);
      assertThat(head.headers().firstValue("Last-Modified")).contains(httpDate);
      assertThat(head.headers().firstValue("Date")).contains(httpDate);

      HttpResponse<String> list = send(node, clock, "GET", "/dated", "list-type=2", null);
      assertThat(list.body()).contains("<LastModified>" + xmlDate + "</LastModified>");
      assertThat(send(node, clock, "GET", "/", "", null).body())
          .contains("<CreationDate>" + xmlDate + "</CreationDate>");
    }
  }

  @ParameterizedTest
  @CsvSource({"2027-01-05T03:31:08Z", "2028-02-29T12:00:00Z", "2026-12-31T23:59:59Z"})
  void minioJavaReadsTheDates(String moment) throws Exception {
    // minio-java signs with the system clock and cannot be given another (and a JVM under faketime
    // is too slow to rely on), so the object and its bucket are written while the node's clock
    // stands at the moment, and read after the node restarts on the system clock.
    Instant at = Instant.parse(moment);
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    RustfsNode writer = nodeAt(at);
    assertThat(send(writer, clock, "PUT", "/dated", "", null).statusCode()).isEqualTo(200);
    assertThat(send(writer, clock, "PUT", "/dated/k", "", "dated").statusCode()).isEqualTo(200);
    try (RustfsNode node =
        RustfsNode.restart(writer, writer.config().withClock(Clock.systemUTC()))) {
      MinioClient minio =
          MinioClient.builder()
              .endpoint(node.endpoint().toString())
              .region("us-east-1")
              .credentials(ROOT, ROOT_SECRET)
              .build();
      StatObjectResponse stat =
          minio.statObject(StatObjectArgs.builder().bucket("dated").object("k").build());
      assertThat(stat.lastModified().toInstant()).isEqualTo(at);
      Item listed =
          minio
              .listObjects(ListObjectsArgs.builder().bucket("dated").build())
              .iterator()
              .next()
              .get();
      assertThat(listed.lastModified().toInstant()).isEqualTo(at);
      Bucket bucket = minio.listBuckets().get(0);
      assertThat(bucket.creationDate().toInstant()).isEqualTo(at);
      try (GetObjectResponse got =
          minio.getObject(GetObjectArgs.builder().bucket("dated").object("k").build())) {
        assertThat(got.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("dated");
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2027-01-05T03:31:08Z | 2027-01-05T03:31:08+00:00",
        "2028-02-29T12:00:00Z | 2028-02-29T12:00:00+00:00",
        "2026-12-31T23:59:59Z | 2026-12-31T23:59:59+00:00",
      })
  void awsCliReadsTheDates(String moment, String printed) throws Exception {
    assumeTrue(Files.isExecutable(FAKETIME), "faketime not installed (Debian package faketime)");
    assumeTrue(Files.isExecutable(AWS), "AWS CLI not installed at /usr/bin/aws");
    Files.writeString(
        home.resolve("config"),
        "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
    try (RustfsNode node = nodeAt(Instant.parse(moment))) {
      assertThat(aws(node, moment, "s3api", "create-bucket", "--bucket", "dated").exit()).isZero();
      Path file = Files.writeString(home.resolve("body.txt"), "dated");
      assertThat(aws(node, moment, "s3", "cp", file.toString(), "s3://dated/k").exit()).isZero();

      Run head = aws(node, moment, "s3api", "head-object", "--bucket", "dated", "--key", "k");
      assertThat(head.out()).contains("\"LastModified\": \"" + printed + "\"");
      Run list = aws(node, moment, "s3api", "list-objects-v2", "--bucket", "dated");
      assertThat(list.out()).contains("\"LastModified\": \"" + printed + "\"");
      Run buckets = aws(node, moment, "s3api", "list-buckets");
      assertThat(buckets.out()).contains("\"CreationDate\": \"" + printed + "\"");
    }
  }

  private record Run(int exit, String out, String err) {}

  private static HttpResponse<String> send(
      RustfsNode node, Clock clock, String method, String path, String query, @Nullable String body)
      throws Exception {
    return TestSigner.send(node, ROOT, ROOT_SECRET, method, path, query, body, clock);
  }

  private Run aws(RustfsNode node, String moment, String... args)
      throws IOException, InterruptedException {
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
    Run run =
        run(
            FAKETIME_FORMAT.format(Instant.parse(moment)),
            cmd,
            Map.of(
                "HOME",
                home.toString(),
                "AWS_CONFIG_FILE",
                home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                home.resolve("credentials").toString(),
                "AWS_ACCESS_KEY_ID",
                ROOT,
                "AWS_SECRET_ACCESS_KEY",
                ROOT_SECRET,
                "AWS_EC2_METADATA_DISABLED",
                "true"));
    assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run;
  }

  /** Runs {@code command} under libfaketime, its wall clock standing still at {@code clock}. */
  private Run run(String clock, List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(FAKETIME.toString());
    cmd.add("-f");
    cmd.add(clock);
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().putAll(env);
    pb.environment().put("TZ", "UTC");
    // Only the wall clock is stopped: timeouts and the JVM's own timing run on the monotonic one.
    pb.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not finish: " + String.join(" ", command));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
