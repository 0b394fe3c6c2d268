package io.exordos.s3aas.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code s3aas token create|list|revoke} against the server's database. */
class TokenCommandTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TokenCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void createListRevoke() {
    try (TestServer server = TestServer.start(false)) {
      String url = server.db().jdbcUrl();
      Run created =
          run(
              "create",
              "--db-url",
              url,
              "--project",
              "team-x",
              "--role",
              "operator",
              "--description",
              "ci");
      assertThat(created.code()).as(created.err()).isZero();
      String token = created.out().trim();
      assertThat(token).startsWith("s3aas_").doesNotContain("\n");
      ApiClient c = new ApiClient(server.url(), token, null);
      assertThat(c.get("/v1/types/s3/instances").status()).isEqualTo(200);
      assertThat(
              c.post("/v1/types/s3/instances", java.util.Map.of("name", "n", "version", "0.0.1"))
                  .status())
          .as("operator")
          .isEqualTo(403);
      Run list = run("list", "--db-url", url);
      assertThat(list.out())
          .contains("team-x")
          .contains("operator")
          .contains("ci")
          .doesNotContain(token);
      assertThat(created.err())
          .startsWith("using the database at " + url.replaceFirst("\\?.*", ""));
      String id = created.err().replaceAll("(?s).*\ntoken (\\S+):.*", "$1");
      assertThat(run("revoke", "--db-url", url, id).code()).isZero();
      assertThat(c.get("/v1/types/s3/instances").status()).isEqualTo(401);
      assertThat(run("revoke", "--db-url", url, id).code()).isEqualTo(1);
      assertThat(
              run("create", "--db-url", url, "--project", "Bad Project", "--role", "owner").code())
          .isNotZero();
      assertThat(run("create", "--db-url", url, "--project", "p", "--role", "admin").code())
          .isNotZero();
    }
  }
}
