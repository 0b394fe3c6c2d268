package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "config",
    sortOptions = false,
    description = {
      "Contexts: server URL, token, CA and default namespace, kept in $S3AAS_HOME/s3ctl.yaml.",
      "",
      "Without s3ctl contexts, s3ctl uses KUBECONFIG, else $S3AAS_HOME/kubeconfig (written by `make run` / `s3aas up`)."
    },
    subcommands = {
      ConfigCommand.View.class,
      ConfigCommand.GetContexts.class,
      ConfigCommand.CurrentContext.class,
      ConfigCommand.UseContext.class,
      ConfigCommand.SetContext.class,
      ConfigCommand.DeleteContext.class,
      ConfigCommand.SetNamespace.class,
      ConfigCommand.Import.class
    })
final class ConfigCommand extends Base {
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 0;
  }

  static @Nullable ObjectNode find(ObjectNode config, String name) {
    for (JsonNode c : config.path("contexts")) {
      if (name.equals(c.path("name").asText())) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  static List<String> names(ObjectNode config) {
    List<String> n = new ArrayList<>();
    config.path("contexts").forEach(c -> n.add(c.path("name").asText()));
    return n;
  }

  static CliException notFound(ObjectNode config, String name) {
    String s = Suggest.closest(name, names(config));
    return new CliException(
        "no context \""
            + name
            + "\" in "
            + Config.s3ctlFile()
            + (s != null ? "; did you mean \"" + s + "\"?" : "")
            + (names(config).isEmpty()
                ? " (there are none: add one with s3ctl config set-context or s3ctl config import)"
                : ""));
  }

  @Command(
      name = "view",
      description = "Show the configuration s3ctl uses (tokens redacted unless --raw).")
  static final class View extends Base {
    @Option(names = "--raw", description = "Show tokens.")
    boolean raw;

    @Override
    public Integer call() {
      Config.Context c = root().context();
      out.println("context:    " + c.name());
      out.println("source:     " + c.source());
      out.println("server:     " + c.server());
      out.println("namespace:  " + root().namespace());
      out.println(
          "token:      "
              + (c.token() == null
                  ? "<none>"
                  : raw ? c.token() : "<redacted, " + c.token().length() + " characters>"));
      out.println(
          "tls:        "
              + (c.insecure()
                  ? "not verified (insecure-skip-tls-verify)"
                  : c.caPem() != null
                      ? "verified with the context's CA"
                      : "verified with the system CAs"));
      return 0;
    }
  }

  @Command(name = "get-contexts", description = "List contexts; * marks the current one.")
  static final class GetContexts extends Base {
    @Override
    public Integer call() {
      Printer.Table t =
          new Printer.Table(List.of("CURRENT", "NAME", "SERVER", "NAMESPACE", "SOURCE"));
      if (Files.isRegularFile(Config.s3ctlFile())) {
        ObjectNode config = Config.readS3ctl();
        String current = config.path("current-context").asText("");
        for (JsonNode c : config.path("contexts")) {
          t.add(
              List.of(
                  current.equals(c.path("name").asText()) ? "*" : "",
                  c.path("name").asText(),
                  c.path("server").asText(""),
                  c.path("namespace").asText("default"),
                  Config.s3ctlFile().toString()));
        }
      } else {
        List<Path> files = Config.kubeconfigs().stream().filter(Files::isRegularFile).toList();
        if (!files.isEmpty()) {
          ObjectNode k = Config.mergedKubeconfig(files);
          String current = k.path("current-context").asText("");
          for (JsonNode c : k.path("contexts")) {
            String server = "";
            for (JsonNode cl : k.path("clusters")) {
              if (cl.path("name").asText().equals(c.path("context").path("cluster").asText())) {
                server = cl.path("cluster").path("server").asText("");
              }
            }
            t.add(
                List.of(
                    current.equals(c.path("name").asText()) ? "*" : "",
                    c.path("name").asText(),
                    server,
                    c.path("context").path("namespace").asText("default"),
                    c.path("_file").asText()));
          }
        }
      }
      if (t.rows.isEmpty()) {
        err.println(
            "No contexts: run `make run` (writes "
                + Config.home().resolve("kubeconfig")
                + ") or s3ctl config set-context");
        return 0;
      }
      out.print(t.render(true));
      return 0;
    }
  }

  @Command(name = "current-context", description = "Print the current context's name.")
  static final class CurrentContext extends Base {
    @Override
    public Integer call() {
      out.println(root().context().name());
      return 0;
    }
  }

  @Command(name = "use-context", description = "Make NAME the current context.")
  static final class UseContext extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      ObjectNode config = Config.readS3ctl();
      if (find(config, name) == null) {
        throw notFound(config, name);
      }
      config.put("current-context", name);
      Config.writeS3ctl(config);
      out.println("Switched to context \"" + name + "\".");
      return 0;
    }
  }

  @Command(
      name = "set-context",
      description = {
        "Add or change a context in $S3AAS_HOME/s3ctl.yaml.",
        "Takes --server URL, --token TOKEN, --namespace NS and --insecure-skip-tls-verify."
      })
  static final class SetContext extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--certificate-authority",
        paramLabel = "FILE",
        description = "PEM file of the CA that signed the server's certificate.")
    String caFile;

    @Option(names = "--current", description = "Also make it the current context.")
    boolean current;

    @Override
    public Integer call() {
      // --server, --token, --namespace and --insecure-skip-tls-verify are the global options
      S3ctl.Global g = root().global;
      String server = g.server;
      String token = g.token;
      String ns = g.namespace;
      Boolean insecure = g.insecure ? Boolean.TRUE : null;
      ObjectNode config = Config.readS3ctl();
      ObjectNode existing = find(config, name);
      boolean created = existing == null;
      ObjectNode c;
      if (existing == null) {
        if (server == null) {
          throw new CliException(2, "a new context needs --server URL");
        }
        c = ((ArrayNode) config.path("contexts")).addObject();
        c.put("name", name);
      } else {
        c = existing;
      }
      if (server != null) {
        c.put("server", server);
      }
      if (token != null) {
        c.put("token", token);
      }
      if (ns != null) {
        c.put("namespace", ns);
      }
      if (caFile != null) {
        try {
          c.put(
              "certificate-authority-data",
              Base64.getEncoder().encodeToString(Files.readAllBytes(Paths.get(caFile))));
        } catch (IOException e) {
          throw new CliException("cannot read " + caFile + ": " + e.getMessage());
        }
      }
      if (insecure != null) {
        c.put("insecure-skip-tls-verify", insecure);
      }
      if (current || !config.hasNonNull("current-context")) {
        config.put("current-context", name);
      }
      Config.writeS3ctl(config);
      out.println(
          "Context \""
              + name
              + "\" "
              + (created ? "created" : "modified")
              + " in "
              + Config.s3ctlFile()
              + ".");
      return 0;
    }
  }

  @Command(name = "delete-context", description = "Remove a context from $S3AAS_HOME/s3ctl.yaml.")
  static final class DeleteContext extends Base {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      ObjectNode config = Config.readS3ctl();
      ArrayNode contexts = (ArrayNode) config.path("contexts");
      for (int i = 0; i < contexts.size(); i++) {
        if (name.equals(contexts.get(i).path("name").asText())) {
          contexts.remove(i);
          if (name.equals(config.path("current-context").asText())) {
            config.remove("current-context");
          }
          Config.writeS3ctl(config);
          out.println("Deleted context \"" + name + "\" from " + Config.s3ctlFile() + ".");
          return 0;
        }
      }
      throw notFound(config, name);
    }
  }

  @Command(
      name = "set-namespace",
      description = "Set the default namespace of the current s3ctl context.")
  static final class SetNamespace extends Base {
    @Parameters(paramLabel = "NAMESPACE")
    String ns;

    @Override
    public Integer call() {
      ObjectNode config = Config.readS3ctl();
      String current = config.path("current-context").asText(null);
      ObjectNode context = current == null ? null : find(config, current);
      if (context == null) {
        throw new CliException(
            "no current s3ctl context to change: create one with s3ctl config set-context or s3ctl config import");
      }
      context.put("namespace", ns);
      Config.writeS3ctl(config);
      out.println("Context \"" + current + "\" now uses namespace \"" + ns + "\".");
      return 0;
    }
  }

  @Command(
      name = "import",
      description =
          "Copy the current kubeconfig context (KUBECONFIG or $S3AAS_HOME/kubeconfig) into s3ctl's contexts.")
  static final class Import extends Base {
    @Parameters(
        paramLabel = "NAME",
        arity = "0..1",
        description = "Name for the s3ctl context (default: the kubeconfig context's).")
    String name;

    @Override
    public Integer call() {
      S3ctl.Global g = root().global;
      List<Path> files =
          g.kubeconfig != null
              ? List.of(Paths.get(g.kubeconfig))
              : Config.kubeconfigs().stream().filter(Files::isRegularFile).toList();
      if (files.isEmpty()) {
        throw new CliException(
            "no kubeconfig to import: run `make run` (writes "
                + Config.home().resolve("kubeconfig")
                + ")");
      }
      Config.Context k = Config.fromKubeconfig(files, g.context);
      String n = name != null ? name : k.name();
      ObjectNode config = Config.readS3ctl();
      ObjectNode c = find(config, n);
      if (c == null) {
        c = ((ArrayNode) config.path("contexts")).addObject();
        c.put("name", n);
      }
      c.put("server", k.server());
      if (k.token() != null) {
        c.put("token", k.token());
      }
      c.put("namespace", k.namespace() == null ? "default" : k.namespace());
      if (k.caPem() != null) {
        c.put("certificate-authority-data", Base64.getEncoder().encodeToString(k.caPem()));
      }
      if (k.insecure()) {
        c.put("insecure-skip-tls-verify", true);
      }
      if (!config.hasNonNull("current-context")) {
        config.put("current-context", n);
      }
      Config.writeS3ctl(config);
      out.println(
          "Imported context \""
              + n
              + "\" ("
              + k.server()
              + ") from "
              + k.source()
              + " into "
              + Config.s3ctlFile()
              + ".");
      return 0;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
