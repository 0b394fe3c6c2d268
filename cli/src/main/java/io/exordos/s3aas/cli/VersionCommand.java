package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "version",
    description = "Print the client version and, unless --client, the server's.")
final class VersionCommand extends Base {
  @Option(names = "--client", description = "Only the client version; do not contact the server.")
  boolean clientOnly;

  @Override
  public Integer call() {
    out.println(
        "Client Version: s3ctl "
            + S3ctl.version()
            + " (Java "
            + System.getProperty("java.version")
            + ")");
    if (!clientOnly) {
      out.flush();
      JsonNode v = api().get("/version");
      out.println(
          "Server Version: "
              + v.path("gitVersion").asText("unknown")
              + " ("
              + root().context().server()
              + ")");
    }
    return 0;
  }
}
