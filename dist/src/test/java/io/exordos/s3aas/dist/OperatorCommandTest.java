package io.exordos.s3aas.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code s3aas operator} checks its provisioner's options before it starts anything. */
class OperatorCommandTest {
  static String errorOf(String... args) {
    CommandLine cl = Launcher.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    assertThat(code).as(err.toString()).isEqualTo(2);
    return err.toString();
  }

  @Test
  void aMissingExordosOptionIsAUsageErrorNamingIt() {
    String err =
        errorOf(
            "operator",
            "--server",
            "https://127.0.0.1:1",
            "--provisioner",
            "exordos",
            "--exordos-url",
            "http://127.0.0.1:2/api/core",
            "--exordos-password",
            "not-shown");
    assertThat(err)
        .startsWith("s3aas operator: the exordos provisioner needs --exordos-user")
        .doesNotContain("not-shown");
    assertThat(err.lines()).hasSize(1);
  }

  @Test
  void anUnknownProvisionerIsAUsageError() {
    assertThat(errorOf("operator", "--server", "https://127.0.0.1:1", "--provisioner", "cloud"))
        .contains("unknown provisioner 'cloud': use local or exordos");
  }
}
