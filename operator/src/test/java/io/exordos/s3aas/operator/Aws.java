package io.exordos.s3aas.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs /usr/bin/aws (the real AWS CLI) with a private HOME and config, path-style, against an
 * endpoint.
 */
final class Aws implements AutoCloseable {
  record Result(int exit, String out) {}

  private final Path home;
  private final String endpoint;

  Aws(String endpoint, String accessKey, String secretKey) throws IOException {
    this.endpoint = endpoint;
    this.home = Files.createTempDirectory("aws-home");
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
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", endpoint));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
    pb.environment()
        .put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().remove("AWS_ACCESS_KEY_ID");
    pb.environment().remove("AWS_SECRET_ACCESS_KEY");
    pb.environment().remove("AWS_PROFILE");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timeout");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  Path file(String name, String content) throws IOException {
    Path f = home.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Override
  public void close() {
    TestEnv.deleteTree(home);
  }
}
