package io.exordos.s3aas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3ctl get -w} under a real pseudo-terminal (a detached tmux session): the table is redrawn
 * in place as the object changes, with a live status line under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ctlTerminalTest {
  private TestServer server;
  private ApiClient api;
  private Path home;
  private final String session = "s3ctl-test-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = new TestServer(dir.resolve("home"));
    home = server.home;
    api = new ApiClient(server.url(), TestServer.TOKEN, server.server.caCertificatePem());
    api.create(
        "s3instances",
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"S3Instance\","
            + "\"metadata\":{\"name\":\"data\"},\"spec\":{\"version\":\"0.0.1\"}}");
    api.patchStatus("s3instances", "data", "{\"phase\":\"PENDING\"}");
  }

  @AfterAll
  void stop() throws Exception {
    tmux("kill-session", "-t", session);
    if (server != null) {
      server.close();
    }
  }

  private static String tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("tmux");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", session);
  }

  @Test
  void watchRedrawsTheTableInPlaceWithAProgressLine() throws Exception {
    // a script that runs s3ctl with the test's environment inside the terminal
    Map<String, String> env = CliProcess.env(home);
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    env.forEach((k, v) -> script.append("export ").append(k).append("='").append(v).append("'\n"));
    script.append("export TERM=xterm-256color\n");
    script.append("exec");
    for (String part : CliProcess.command("get", "s3i", "-w")) {
      script.append(" '").append(part).append("'");
    }
    script.append('\n');
    Path run = home.resolve("run-watch.sh");
    Files.writeString(run, script.toString());
    run.toFile().setExecutable(true);
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "20", run.toString());

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> screen().contains("watching s3instances in namespace default"));
    String before = screen();
    assertThat(before)
        .containsPattern("NAME\\s+VERSION\\s+NODES\\s+PHASE\\s+ENDPOINT\\s+USED%\\s+AGE")
        .containsPattern("data\\s+0\\.0\\.1\\s+1\\s+PENDING")
        .contains("1 object");

    api.patchStatus(
        "s3instances",
        "data",
        """
        {"phase":"CREATING","conditions":[{"type":"Ready","status":"False","reason":"Provisioning",
         "message":"creating 1 node","lastTransitionTime":"2020-01-01T00:00:00Z"}]}""");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> screen().contains("CREATING"));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                screen()
                    .contains(
                        "data modified: CREATING · Ready=False (Provisioning: creating 1 node)"));
    String after = screen();
    // redrawn in place: still one header and one row, the old PENDING row is gone
    assertThat(after.lines().filter(l -> l.startsWith("NAME"))).hasSize(1);
    assertThat(after.lines().filter(l -> l.startsWith("data "))).hasSize(1);
    assertThat(after).doesNotContain("PENDING");

    // the progress line keeps moving (spinner and "ago") while nothing changes
    String line1 = statusLine(screen());
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !statusLine(screen()).equals(line1));

    api.patchStatus(
        "s3instances", "data", "{\"phase\":\"ACTIVE\",\"endpoint\":\"http://127.0.0.1:9000\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> screen().contains("http://127.0.0.1:9000"));
    assertThat(screen().lines().filter(l -> l.startsWith("data ")))
        .hasSize(1)
        .allMatch(
            l ->
                l.matches(
                    "data\\s+0\\.0\\.1\\s+1\\s+ACTIVE\\s+http://127\\.0\\.0\\.1:9000\\s+\\d+s"));
  }

  private static String statusLine(String screen) {
    return screen.lines().filter(l -> l.contains("watching s3instances")).findFirst().orElse("");
  }
}
