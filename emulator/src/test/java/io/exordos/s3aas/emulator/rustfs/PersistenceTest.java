package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node restarted on its data directory keeps versions and multipart uploads in progress. */
class PersistenceTest {
  private static final String AK = "admin";
  private static final String SK = "root-secret-7";

  @TempDir Path dataDir;

  private RustfsNode start() {
    return RustfsNode.start(RustfsNode.Config.of(AK, SK).withDataDir(dataDir));
  }

  private static HttpResponse<String> s3(
      RustfsNode node, String method, String path, String query, String body) throws Exception {
    return TestSigner.send(node, AK, SK, method, path, query, body);
  }

  @Test
  void multipartUploadAndVersionsSurviveARestart() throws Exception {
    RustfsNode node = start();
    String uploadId;
    String versionOne;
    try {
      assertThat(s3(node, "PUT", "/keep", "", null).statusCode()).isEqualTo(200);
      assertThat(
              s3(
                      node,
                      "PUT",
                      "/keep",
                      "versioning=",
                      "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")
                  .statusCode())
          .isEqualTo(200);
      versionOne =
          s3(node, "PUT", "/keep/doc.txt", "", "first")
              .headers()
              .firstValue("x-amz-version-id")
              .orElseThrow();
      assertThat(s3(node, "PUT", "/keep/doc.txt", "", "second").statusCode()).isEqualTo(200);

      HttpResponse<String> created = s3(node, "POST", "/keep/big.txt", "uploads=", null);
      Matcher m = Pattern.compile("<UploadId>([^<]+)</UploadId>").matcher(created.body());
      assertThat(m.find()).as(created.body()).isTrue();
      uploadId = m.group(1);
      HttpResponse<String> part1 =
          s3(
              node,
              "PUT",
              "/keep/big.txt",
              "partNumber=1&uploadId=" + uploadId,
              "a".repeat(5 << 20));
      assertThat(part1.statusCode()).as(part1.body()).isEqualTo(200);
    } finally {
      node.stop();
    }

    RustfsNode again = start();
    try {
      HttpResponse<String> parts = s3(again, "GET", "/keep/big.txt", "uploadId=" + uploadId, null);
      assertThat(parts.body()).contains("<PartNumber>1</PartNumber>");
      HttpResponse<String> part2 =
          s3(again, "PUT", "/keep/big.txt", "partNumber=2&uploadId=" + uploadId, "tail");
      String etag1 = etagOf(parts.body());
      String etag2 = part2.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> done =
          s3(
              again,
              "POST",
              "/keep/big.txt",
              "uploadId=" + uploadId,
              "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"
                  + etag1
                  + "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"
                  + etag2
                  + "</ETag></Part></CompleteMultipartUpload>");
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      HttpResponse<String> big = s3(again, "GET", "/keep/big.txt", "", null);
      assertThat(big.body()).hasSize((5 << 20) + 4).endsWith("atail");

      assertThat(s3(again, "GET", "/keep/doc.txt", "", null).body()).isEqualTo("second");
      assertThat(s3(again, "GET", "/keep/doc.txt", "versionId=" + versionOne, null).body())
          .isEqualTo("first");
      assertThat(s3(again, "GET", "/keep", "versions=", null).body())
          .contains("<VersionId>" + versionOne + "</VersionId>");
    } finally {
      again.stop();
    }
  }

  private static String etagOf(String listParts) {
    Matcher m = Pattern.compile("<ETag>([^<]+)</ETag>").matcher(listParts);
    assertThat(m.find()).isTrue();
    return m.group(1).replace("&quot;", "\"");
  }
}
