package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where s3ctl finds its server. In order: {@code --kubeconfig FILE}; the contexts of {@code
 * $S3AAS_HOME/s3ctl.yaml} (written by {@code s3ctl config}); {@code KUBECONFIG}; {@code
 * $S3AAS_HOME/kubeconfig} (written by {@code s3aas up}). {@code --server}, {@code --token} and
 * {@code -n} override what the context says.
 */
final class Config {
  /**
   * A resolved connection: everything an HTTP call needs. Never compared, hashed or used as a key,
   * so the array component's identity-based equals/hashCode do not matter.
   */
  @SuppressWarnings("ArrayRecordComponent") // caPem is only handed on to CertificateFactory
  record Context(
      String name,
      @Nullable String server,
      @Nullable String token,
      byte @Nullable [] caPem,
      boolean insecure,
      @Nullable String namespace,
      String source) {}

  private Config() {}

  static Map<String, String> env = System.getenv();

  static Path home() {
    String h = env.get("S3AAS_HOME");
    return h != null && !h.isBlank()
        ? Paths.get(h)
        : Paths.get(System.getProperty("user.home"), ".s3aas");
  }

  static Path s3ctlFile() {
    return home().resolve("s3ctl.yaml");
  }

  /** The kubeconfig files s3ctl falls back to, in order. */
  static List<Path> kubeconfigs() {
    List<Path> files = new ArrayList<>();
    String kc = env.get("KUBECONFIG");
    if (kc != null && !kc.isBlank()) {
      for (String p : kc.split(java.io.File.pathSeparator, -1)) {
        if (!p.isBlank()) {
          files.add(Paths.get(p));
        }
      }
    } else {
      files.add(home().resolve("kubeconfig"));
    }
    return files;
  }

  static Context resolve(S3ctl.Global g) {
    @Nullable Context c = null;
    if (g.kubeconfig != null) {
      Path file = Paths.get(g.kubeconfig);
      if (!Files.isRegularFile(file)) {
        throw new CliException("the kubeconfig " + file + " does not exist");
      }
      c = fromKubeconfig(List.of(file), g.context);
    } else if (Files.isRegularFile(s3ctlFile())) {
      c = fromS3ctl(readS3ctl(), g.context);
    } else {
      List<Path> files = kubeconfigs().stream().filter(Files::isRegularFile).toList();
      if (!files.isEmpty()) {
        c = fromKubeconfig(files, g.context);
      }
    }
    if (c == null) {
      if (g.server == null) {
        throw new CliException(
            "no configuration: s3ctl looked for "
                + s3ctlFile()
                + ", "
                + (env.get("KUBECONFIG") != null
                    ? "KUBECONFIG=" + env.get("KUBECONFIG")
                    : home().resolve("kubeconfig"))
                + ".\n  Start a local s3aas with `make run` (or `s3aas up`), which writes "
                + home().resolve("kubeconfig")
                + ",\n  or add a context: s3ctl config set-context NAME --server https://HOST:PORT --token TOKEN");
      }
      c = new Context("(flags)", g.server, g.token, null, g.insecure, "default", "command line");
    }
    return new Context(
        c.name(),
        g.server != null ? g.server : c.server(),
        g.token != null ? g.token : c.token(),
        c.caPem(),
        g.insecure || c.insecure(),
        c.namespace() == null || c.namespace().isBlank() ? "default" : c.namespace(),
        c.source());
  }

  // ---- s3ctl.yaml ----

  static ObjectNode readS3ctl() {
    Path file = s3ctlFile();
    if (!Files.isRegularFile(file)) {
      ObjectNode empty = Json.object();
      empty.putArray("contexts");
      return empty;
    }
    try {
      JsonNode n = Json.readYaml(Files.readString(file));
      ObjectNode o = n instanceof ObjectNode on ? on : Json.object();
      if (!o.path("contexts").isArray()) {
        o.putArray("contexts");
      }
      return o;
    } catch (IOException | RuntimeException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static void writeS3ctl(ObjectNode config) {
    Path file = s3ctlFile();
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, Json.toYaml(config));
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }

  private static Context fromS3ctl(ObjectNode config, @Nullable String wanted) {
    String name = wanted != null ? wanted : config.path("current-context").asText(null);
    ArrayNode contexts = (ArrayNode) config.path("contexts");
    if (name == null) {
      if (contexts.size() == 1) {
        name = contexts.get(0).path("name").asText();
      } else {
        throw new CliException(
            "no current context in "
                + s3ctlFile()
                + ": choose one with s3ctl config use-context NAME");
      }
    }
    for (JsonNode c : contexts) {
      if (name.equals(c.path("name").asText())) {
        return new Context(
            name,
            c.path("server").asText(null),
            c.path("token").asText(null),
            ca(c, s3ctlFile()),
            c.path("insecure-skip-tls-verify").asBoolean(false),
            c.path("namespace").asText(null),
            s3ctlFile().toString());
      }
    }
    throw new CliException(
        "context \""
            + name
            + "\" not found in "
            + s3ctlFile()
            + " (s3ctl config get-contexts lists them)");
  }

  // ---- kubeconfig ----

  /** Reads kubeconfig files as kubectl merges them: the first file to define a name wins. */
  static ObjectNode mergedKubeconfig(List<Path> files) {
    ObjectNode merged = Json.object();
    ArrayNode clusters = merged.putArray("clusters");
    ArrayNode users = merged.putArray("users");
    ArrayNode contexts = merged.putArray("contexts");
    for (Path f : files) {
      JsonNode k;
      try {
        k = Json.readYaml(Files.readString(f));
      } catch (IOException | RuntimeException e) {
        throw new CliException("cannot read kubeconfig " + f + ": " + e.getMessage());
      }
      if (k == null || !k.isObject()) {
        continue;
      }
      if (!merged.has("current-context")
          && k.hasNonNull("current-context")
          && !k.path("current-context").asText().isEmpty()) {
        merged.put("current-context", k.path("current-context").asText());
        merged.put("source", f.toString());
      }
      addNamed(clusters, k.path("clusters"), f);
      addNamed(users, k.path("users"), f);
      addNamed(contexts, k.path("contexts"), f);
    }
    return merged;
  }

  private static void addNamed(ArrayNode into, JsonNode from, Path file) {
    for (JsonNode n : from) {
      String name = n.path("name").asText();
      boolean present = false;
      for (JsonNode existing : into) {
        present |= existing.path("name").asText().equals(name);
      }
      if (!present) {
        ObjectNode copy = n.deepCopy();
        copy.put("_file", file.toString());
        into.add(copy);
      }
    }
  }

  private static @Nullable JsonNode named(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (name.equals(n.path("name").asText())) {
        return n;
      }
    }
    return null;
  }

  static Context fromKubeconfig(List<Path> files, @Nullable String wanted) {
    ObjectNode k = mergedKubeconfig(files);
    String where = files.size() == 1 ? files.get(0).toString() : files.toString();
    String name = wanted != null ? wanted : k.path("current-context").asText(null);
    if (name == null) {
      if (k.path("contexts").size() == 1) {
        name = k.path("contexts").get(0).path("name").asText();
      } else {
        throw new CliException("no current-context in " + where + "; pass --context NAME");
      }
    }
    JsonNode ctx = named(k.path("contexts"), name);
    if (ctx == null) {
      throw new CliException("context \"" + name + "\" not found in " + where);
    }
    JsonNode cluster = named(k.path("clusters"), ctx.path("context").path("cluster").asText());
    if (cluster == null) {
      throw new CliException(
          "context \""
              + name
              + "\" names cluster \""
              + ctx.path("context").path("cluster").asText()
              + "\", which "
              + where
              + " does not define");
    }
    JsonNode user = named(k.path("users"), ctx.path("context").path("user").asText());
    @Nullable String token = null;
    if (user != null) {
      JsonNode u = user.path("user");
      token = u.path("token").asText(null);
      if (token == null && u.hasNonNull("tokenFile")) {
        try {
          token = Files.readString(Paths.get(u.path("tokenFile").asText())).trim();
        } catch (IOException e) {
          throw new CliException(
              "cannot read tokenFile " + u.path("tokenFile").asText() + ": " + e.getMessage());
        }
      }
    }
    JsonNode cl = cluster.path("cluster");
    Path file = Paths.get(cluster.path("_file").asText());
    return new Context(
        name,
        cl.path("server").asText(null),
        token,
        ca(cl, file),
        cl.path("insecure-skip-tls-verify").asBoolean(false),
        ctx.path("context").path("namespace").asText(null),
        ctx.path("_file").asText());
  }

  /**
   * certificate-authority-data (base64 PEM) or certificate-authority (a file, relative to the
   * config).
   */
  private static byte @Nullable [] ca(JsonNode c, Path configFile) {
    if (c.hasNonNull("certificate-authority-data")) {
      try {
        return Base64.getMimeDecoder().decode(c.path("certificate-authority-data").asText());
      } catch (IllegalArgumentException e) {
        throw new CliException("certificate-authority-data in " + configFile + " is not base64");
      }
    }
    if (c.hasNonNull("certificate-authority")) {
      Path p = Paths.get(c.path("certificate-authority").asText());
      if (!p.isAbsolute() && configFile.getParent() != null) {
        p = configFile.getParent().resolve(p);
      }
      try {
        return Files.readAllBytes(p);
      } catch (IOException e) {
        throw new CliException("cannot read certificate-authority " + p + ": " + e.getMessage());
      }
    }
    return null;
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
