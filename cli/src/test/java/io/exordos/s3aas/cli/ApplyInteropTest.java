package io.exordos.s3aas.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl apply (v1.32) and s3ctl apply take turns on the same unchanged files: each finds the
 * other's last-applied annotation equal to its own, so every turn after the first is unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplyInteropTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  private Path tmp;
  private TestServer server;
  private ApiClient api;
  private Map<String, String> env;

  @BeforeAll
  void startServer(@TempDir Path dir) throws Exception {
    tmp = dir;
    server = new TestServer(tmp.resolve("home"));
    api = new ApiClient(server.url(), TestServer.TOKEN, server.server.caCertificatePem());
    env = CliProcess.env(server.home);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private String s3ctl(String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(env, null, args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out();
  }

  private String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                server.kubeconfig.toString(),
                "--cache-dir",
                tmp.resolve("kube-cache").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
    return output;
  }

  private String lastApplied(String plural, String name) throws Exception {
    return api.get(plural, name)
        .path("metadata")
        .path("annotations")
        .path(ApplyCommand.LAST_APPLIED)
        .asText();
  }

  @Test
  void kubectlFirstThenTurnsAreUnchanged() throws Exception {
    String examples = EXAMPLES.toString();
    assertThat(kubectl("apply", "-f", examples)).contains("created").doesNotContain("configured");
    String byKubectl = lastApplied("s3policies", "reports-rw");
    assertThat(s3ctl("apply", "-f", examples))
        .as("s3ctl after kubectl; kubectl wrote %s", byKubectl)
        .doesNotContain("configured", "created");
    assertThat(lastApplied("s3policies", "reports-rw")).isEqualTo(byKubectl);
    assertThat(kubectl("apply", "-f", examples))
        .as("kubectl after s3ctl")
        .doesNotContain("configured", "created");
  }

  @Test
  void s3ctlFirstThenTurnsAreUnchanged() throws Exception {
    Path file = tmp.resolve("bucket.yaml");
    Files.writeString(
        file,
        """
        # a comment, a list, a number and a string that JSON escapes
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: Bucket
        metadata:
          name: interop
          annotations: {note: "a&b <c>"}
        spec:
          instanceRef: other
          quotaBytes: 1073741824
          publicRead: false
        """);
    assertThat(s3ctl("apply", "-f", file.toString())).contains("created");
    String byS3ctl = lastApplied("buckets", "interop");
    assertThat(kubectl("apply", "-f", file.toString()))
        .as("kubectl after s3ctl; s3ctl wrote %s", byS3ctl)
        .contains("unchanged");
    assertThat(lastApplied("buckets", "interop")).isEqualTo(byS3ctl);
    assertThat(s3ctl("apply", "-f", file.toString())).contains("unchanged");
  }
}
