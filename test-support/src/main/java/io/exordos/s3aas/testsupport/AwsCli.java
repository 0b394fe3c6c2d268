package io.exordos.s3aas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real AWS CLI ({@code /usr/bin/aws}, or {@code $FUNCTIONAL_AWS}) with a private home, config
 * and credentials, path-style, against one endpoint: what the tests of the operator and the
 * functional suite drive a node or the data plane with. Each call is made once (no retries), so a
 * test sees the answer the server gave.
 */
public final class AwsCli implements AutoCloseable {
  static final Path AWS = Path.of(System.getenv().getOrDefault("FUNCTIONAL_AWS", "/usr/bin/aws"));

  /** The exit code and the output (stdout and stderr together). */
  public record Result(int exit, String out) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private final Path home;
  private final String endpoint;

  public AwsCli(String endpoint, String accessKey, String secretKey) {
    this.endpoint = endpoint;
    try {
      this.home = Files.createTempDirectory("aws-cli");
      Files.createDirectories(home.resolve(".aws"));
      Files.writeString(
          home.resolve(".aws/config"),
          "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
      Files.writeString(
          home.resolve(".aws/credentials"),
          "[default]\naws_access_key_id = "
              + accessKey
              + "\naws_secret_access_key = "
              + secretKey
              + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result run(String... args) {
    List<String> cmd =
        new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint, "--no-cli-pager"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
    pb.environment()
        .put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("AWS_MAX_ATTEMPTS", "1");
    for (String v :
        List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_DEFAULT_REGION")) {
      pb.environment().remove(v);
    }
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timeout: " + cmd);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A file in this CLI's private directory (bodies for put-object, targets for get-object). */
  public Path file(String name) {
    return home.resolve(name);
  }

  public Path file(String name, String content) {
    try {
      return Files.writeString(home.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(home)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp directory; nothing else to do
    }
  }
}
