package io.exordos.s3aas.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The picocli commands start their server, serve, and stop cleanly when the thread running them is
 * interrupted.
 */
class CommandsTest {

  @Test
  void rustfsCommand() throws Exception {
    RustfsEmulatorCommand cmd = new RustfsEmulatorCommand();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    new CommandLine(cmd)
                        .execute(
                            "--port",
                            "0",
                            "--root-user",
                            "admin",
                            "--root-password",
                            "command-secret")));
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> cmd.node != null);
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cmd.node.endpoint() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    t.interrupt();
    t.join(10_000);
    assertThat(exit.get()).isZero();
  }

  @Test
  void exordosCommand() throws Exception {
    ExordosEmulatorCommand cmd = new ExordosEmulatorCommand();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    new CommandLine(cmd)
                        .execute(
                            "--port", "0", "--admin-user", "admin", "--admin-password", "pw")));
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> cmd.core != null);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            cmd.core.loadBalancerEndpoint()
                                + "/v1/iam/clients/default/actions/get_token/invoke"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&username=admin&password=pw"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).contains("access_token");
    t.interrupt();
    t.join(10_000);
    assertThat(exit.get()).isZero();
  }

  @Test
  void mainPrintsUsage() {
    assertThat(new CommandLine(new EmulatorMain()).execute("rustfs", "--help")).isZero();
    assertThat(new CommandLine(new EmulatorMain()).execute("rustfs"))
        .isNotZero(); // required options missing
  }
}
