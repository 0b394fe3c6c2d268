package io.exordos.s3aas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.Kubectl;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bucket name S3 refuses is refused by the API, on both doors, naming the field and the rule:
 * kubectl gets kube-apiserver's 422, the facade its 400 field error. Nothing is stored.
 */
class BucketNameRulesTest {
  private static final String I = "/v1/types/s3/instances";
  private static TestServer server;
  private static Kubectl kubectl;
  private static ApiClient facade;
  private static String instanceId;

  @TempDir static Path temp;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    kubectl = new Kubectl(server);
    String token = server.server().tokens().create("default", Role.OWNER, "names", null).token();
    facade = new ApiClient(server.url(), token, server.caPem());
    Response created =
        facade.post(I, Map.of("name", "names", "version", "0.0.1", "bucket_name", "names-data"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    instanceId = created.json().path("id").asText();
  }

  @AfterAll
  static void stop() {
    if (kubectl != null) {
      kubectl.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A name S3 refuses and the words of the rule it breaks. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "my..bucket          | two adjacent dots",
        "192.168.1.1         | formatted as an IP address",
        "xn--bucket          | prefix xn--",
        "photos-s3alias      | suffix -s3alias",
        "photos--ol-s3       | suffix --ol-s3",
        "ab                  | 3 to 63 characters",
        "Photos              | lower-case letters",
        "photos_2024         | lower-case letters",
        "-photos             | begin and end with a letter or a digit",
        "photos.             | begin and end with a letter or a digit",
        "a23456789012345678901234567890123456789012345678901234567890abcd | 3 to 63 characters"
      })
  void refusedOnBothDoors(String name, String rule) throws IOException {
    Path bucket =
        manifest(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata:
              name: refused
            spec:
              instanceRef: data
              bucketName: "%s"
            """
                .formatted(name));
    Kubectl.Result r = kubectl.run("apply", "-f", bucket.toString());
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stderr()).contains("spec.bucketName").contains(rule);

    Path instance =
        manifest(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata:
              name: refused
            spec:
              version: 0.0.1
              bucketName: "%s"
            """
                .formatted(name));
    r = kubectl.run("apply", "-f", instance.toString());
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stderr()).contains("spec.bucketName").contains(rule);
    assertThat(kubectl.run("get", "buckets,s3instances", "refused").exitCode()).isNotZero();

    Response b = facade.post(I + "/" + instanceId + "/buckets", Map.of("name", name));
    assertThat(b.status()).as(b.toString()).isEqualTo(400);
    assertThat(b.json().path("field").asText()).isEqualTo("name");
    assertThat(b.json().path("message").asText()).contains(rule);

    Response i = facade.post(I, Map.of("name", "refused", "version", "0.0.1", "bucket_name", name));
    assertThat(i.status()).as(i.toString()).isEqualTo(400);
    assertThat(i.json().path("field").asText()).isEqualTo("bucket_name");
    assertThat(i.json().path("message").asText()).contains(rule);
    assertThat(facade.get(I).json().findValuesAsText("name")).doesNotContain("refused");
  }

  /** Without spec.bucketName a Bucket's object name is its S3 name, so that is checked instead. */
  @Test
  void aBucketsObjectNameIsCheckedWhenItIsTheBucketName() throws IOException {
    Path bucket =
        manifest(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata:
              name: 10.0.0.1
            spec:
              instanceRef: data
            """);
    Kubectl.Result r = kubectl.run("apply", "-f", bucket.toString());
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.stderr()).contains("metadata.name").contains("formatted as an IP address");
  }

  @Test
  void validNamesAreAccepted() throws IOException {
    Path bucket =
        manifest(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata:
              name: logs.2026
            spec:
              instanceRef: data
            ---
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata:
              name: archive
            spec:
              instanceRef: data
              bucketName: archive.example-1
            """);
    Kubectl.Result r = kubectl.run("apply", "-f", bucket.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Response b = facade.post(I + "/" + instanceId + "/buckets", Map.of("name", "my.bucket-2"));
    assertThat(b.status()).as(b.toString()).isEqualTo(201);
  }

  private static Path manifest(String yaml) throws IOException {
    Path f = Files.createTempFile(temp, "manifest", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }
}
