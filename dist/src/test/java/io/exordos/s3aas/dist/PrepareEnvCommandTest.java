package io.exordos.s3aas.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.exordos.s3aas.emulator.core.ExordosCore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code s3aas prepare-env} against the Core emulator: publish (without a build), serve, install
 * through the EM API, wait for ACTIVE, print the variables; a second run upgrades instead of
 * failing. The control plane is a stub that answers as s3aas does without a token (the emulator's
 * EM does not boot the s3aas-cp node).
 */
class PrepareEnvCommandTest {
  @TempDir Path out;

  record Run(int exit, String stdout, String stderr) {}

  static Run run(String... args) {
    PrepareEnvCommand cmd = new PrepareEnvCommand();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    cmd.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    cmd.log = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    int exit = new CommandLine(cmd).execute(args);
    return new Run(
        exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  static Map<String, String> exports(String stdout) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : stdout.lines().toList()) {
      assertThat(line).as("stdout holds only export lines").matches("export [A-Z0-9_]+='.*'");
      String kv = line.substring("export ".length());
      vars.put(
          kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 2, kv.length() - 1));
    }
    return vars;
  }

  @Test
  void installsIntoTheCoreEmulatorPrintsTheVariablesAndUpgradesOnARerun() throws Exception {
    HttpServer cp =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    cp.createContext(
        "/v1/types/s3/versions",
        ex -> {
          ex.sendResponseHeaders(401, -1);
          ex.close();
        });
    cp.start();
    try (ExordosCore core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)))) {
      String endpoint = core.endpoint() + "/api/core";
      String cpUrl = "http://127.0.0.1:" + cp.getAddress().getPort();
      List<String> args =
          List.of(
              "--project-dir",
              Path.of("..").toString(),
              "--output-dir",
              out.toString(),
              "--endpoint",
              endpoint,
              "--username",
              "admin",
              "--password",
              "admin-pass",
              "--no-build",
              "--wait-timeout",
              "60",
              "--cp-url",
              cpUrl,
              "--metapaas-dir",
              "../exordos_metapaas");

      Run first = run(args.toArray(String[]::new));
      assertThat(first.exit()).as(first.stderr()).isZero();
      assertThat(first.stderr())
          .contains("--metapaas-dir ../exordos_metapaas ignored", "install s3aas", "is ACTIVE");
      Map<String, String> vars = exports(first.stdout());
      assertThat(vars)
          .containsEntry("EXORDOS_ENDPOINT", endpoint)
          .containsEntry("EXORDOS_USERNAME", "admin")
          .containsEntry("EXORDOS_PASSWORD", "admin-pass")
          .containsEntry("METAPAAS_USERNAME", "admin")
          .containsEntry("METAPAAS_PASSWORD", "admin-pass")
          .containsEntry("EXORDOS_S3_CP_URL", cpUrl);
      String repository = vars.get("S3AAS_REPOSITORY");
      assertThat(repository).startsWith("http://127.0.0.1:").endsWith("/exordos-elements");
      Path manifest = out.resolve("exordos-elements/s3aas/0.0.1/manifests/s3aas.yaml");
      assertThat(Files.readString(manifest))
          .contains(repository + "/s3aas/0.0.1/images/exordos-metapaas-s3-dp.raw.zst");
      assertThat(Files.readString(out.resolve("exordos-elements/inventory.json")))
          .contains("\"s3aas\"", "\"0.0.1\"");
      assertThat(core.calls().count("CreateManifest")).isEqualTo(1);
      assertThat(core.calls().count("ManifestAction")).isEqualTo(1);

      Run second = run(args.toArray(String[]::new));
      assertThat(second.exit()).as(second.stderr()).isZero();
      assertThat(second.stderr()).contains("upgrade s3aas");
      assertThat(core.calls().count("CreateManifest")).isEqualTo(1);
      assertThat(core.calls().count("UpdateManifest")).isEqualTo(1);
      assertThat(core.calls().count("ManifestAction")).isEqualTo(2);

      Run wrong =
          run(
              "--project-dir",
              "..",
              "--output-dir",
              out.toString(),
              "--endpoint",
              endpoint,
              "--username",
              "admin",
              "--password",
              "nope",
              "--no-build",
              "--cp-url",
              cpUrl);
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.stderr()).contains("get_token", "400", "invalid_grant");
      assertThat(wrong.stdout()).isEmpty();
    } finally {
      cp.stop(0);
    }
  }

  @Test
  void refusesADirectoryThatIsNotAnS3aasCheckout() {
    Run r =
        run(
            "--project-dir",
            out.toString(),
            "--output-dir",
            out.resolve("o").toString(),
            "--endpoint",
            "http://127.0.0.1:9",
            "--username",
            "a",
            "--password",
            "b");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("not an s3aas checkout");
  }

  @Test
  void loadBalancerBaseFromTheCoreEndpoint() {
    assertThat(PrepareEnvCommand.loadBalancer("http://10.20.0.2/api/core"))
        .isEqualTo("http://10.20.0.2");
    assertThat(PrepareEnvCommand.loadBalancer("http://10.20.0.2:8080/api/core/"))
        .isEqualTo("http://10.20.0.2:8080");
    assertThat(PrepareEnvCommand.loadBalancer("http://10.20.0.2:11010"))
        .isEqualTo("http://10.20.0.2");
    assertThat(PrepareEnvCommand.shellQuote("it's")).isEqualTo("'it'\\''s'");
  }
}
