package io.exordos.s3aas.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code s3aas prepare-env}: the seed README's {@code prepare_env.py} for the Java s3aas. It builds
 * the element ({@code make build}), publishes it into {@code OUTPUT_DIR/exordos-elements} rendered
 * for the URL it then serves that directory at ({@code make publish}), installs it into Exordos
 * Core the way {@code exordos ee install} does (manifest as JSON to {@code /v1/em/manifests/}, then
 * the install or upgrade action), waits for the element to be ACTIVE and the control plane to
 * answer, and prints the functional suite's environment variables as {@code export} lines on stdout
 * (progress goes to stderr), so {@code eval "$(s3aas prepare-env ...)"} works. docs/EXORDOS.md
 * explains the choices.
 */
@Command(
    name = "prepare-env",
    mixinStandardHelpOptions = true,
    description = {
      "Build s3aas, serve the element over HTTP, install it into Exordos Core, wait for ACTIVE, print the variables `make functional` reads.",
      "stdout: export lines only (eval \"$(s3aas prepare-env ...)\"); progress on stderr."
    })
final class PrepareEnvCommand implements Callable<Integer> {
  static final String METAPAAS_PROJECT = "4d657461-0000-0000-0000-000000000002";

  @Option(
      names = "--project-dir",
      defaultValue = ".",
      description =
          "The s3aas checkout (its Makefile and exordos/exordos.yaml); default the current directory.")
  Path projectDir;

  @Option(
      names = "--output-dir",
      defaultValue = "/tmp/s3-build",
      description =
          "Where the element repository is published and served from (default ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(
      names = "--endpoint",
      required = true,
      description =
          "Exordos Core user API, e.g. http://10.20.0.2/api/core (port 80: only the load balancer resolves the IAM client alias \"default\").")
  String endpoint;

  @Option(names = "--username", required = true, description = "Core admin user.")
  String username;

  @Option(names = "--password", required = true, description = "Its password.")
  String password;

  @Option(
      names = "--wait-timeout",
      defaultValue = "600",
      description =
          "Seconds to wait for the element to be ACTIVE and the control plane to answer (default ${DEFAULT-VALUE}).")
  long waitTimeout;

  @Option(
      names = "--metapaas-dir",
      description =
          "Accepted for the seed's command line and ignored: the Java s3aas is not a MetaPaaS plugin, so nothing of exordos_metapaas is built. The metapaas element must already be installed (exordos ee install metapaas ...).")
  @Nullable Path metapaasDir;

  @Option(
      names = "--no-build",
      description =
          "Skip `make build`: publish what output/ holds (manifests are rendered afresh for the served URL).")
  boolean noBuild;

  @Option(
      names = "--serve-address",
      description =
          "Address to serve the repository on (default: this host's address on the route to the endpoint).")
  @Nullable String serveAddress;

  @Option(
      names = "--serve-port",
      defaultValue = "0",
      description = "Port to serve the repository on (default: a free one).")
  int servePort;

  @Option(
      names = "--keep-serving",
      description =
          "Keep serving the repository after printing the variables, until interrupted (instances download the data-plane image from it when they are created).")
  boolean keepServing;

  @Option(
      names = "--metapaas-username",
      description =
          "METAPAAS_USERNAME to print: the s3 API caller, owner in the MetaPaaS project (default: --username).")
  @Nullable String metapaasUsername;

  @Option(
      names = "--metapaas-password",
      description = "METAPAAS_PASSWORD to print (default: --password).")
  @Nullable String metapaasPassword;

  @Option(
      names = "--cp-url",
      description =
          "The s3aas control plane (EXORDOS_S3_CP_URL) if known; default: http://<s3aas-cp node ipv4>:8080 from Core, else the Core load balancer.")
  @Nullable String cpUrl;

  @Option(
      names = "--iam-client",
      defaultValue = "default",
      description = "Core IAM client of get_token (default ${DEFAULT-VALUE}).")
  String iamClient;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  PrintStream out = System.out;
  PrintStream log = System.err;

  @Override
  public Integer call() throws Exception {
    Path project = projectDir.toAbsolutePath().normalize();
    Path config = project.resolve("exordos/exordos.yaml");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(project.resolve("Makefile"))) {
      log.println(
          "prepare-env: "
              + project
              + " is not an s3aas checkout (no Makefile or exordos/exordos.yaml)");
      return 2;
    }
    if (metapaasDir != null) {
      log.println(
          "prepare-env: --metapaas-dir "
              + metapaasDir
              + " ignored: the Java s3aas runs its own control plane; install the metapaas element beforehand");
    }
    JsonNode buildConfig = new YAMLMapper().readTree(config.toFile());
    String name = buildConfig.path("name").asText();
    String version = buildConfig.path("version").asText();
    String core = endpoint.replaceAll("/+$", "");
    Instant deadline = Instant.now().plusSeconds(waitTimeout);

    Path served = outputDir.toAbsolutePath().normalize();
    Path repoDir = served.resolve("exordos-elements");
    Files.createDirectories(repoDir);
    Files.createDirectories(served.resolve("simple"));
    HttpServer server =
        serve(
            served,
            InetAddress.getByName(
                serveAddress != null ? serveAddress : routeAddress(URI.create(core))),
            servePort);
    try {
      String base =
          "http://"
              + hostLiteral(server.getAddress().getAddress())
              + ":"
              + server.getAddress().getPort();
      String repository = base + "/exordos-elements";
      String indexUrl = base + "/simple/";
      log.println("prepare-env: serving " + served + " at " + base);

      if (!noBuild) {
        make(project, "build", "REPOSITORY=" + repository, "INDEX_URL=" + indexUrl);
      }
      make(
          project,
          "publish",
          "REPO=" + repoDir,
          "REPOSITORY=" + repository,
          "INDEX_URL=" + indexUrl,
          "PUBLISH_FLAGS=--no-dist");
      if (!Files.exists(repoDir.resolve(name + "/" + version + "/images/s3aas-cp.raw.zst"))) {
        log.println(
            "prepare-env: warning: no images were built (make images needs packer and qemu); Core cannot boot the s3aas-cp node or data-plane nodes from this repository");
      }

      String adminToken = token(core);
      // What `exordos ee install` does: the manifest from the repository, then Core's EM API.
      String manifestUrl = repository + "/" + name + "/" + version + "/manifests/" + name + ".yaml";
      Reply fetched = send("GET", manifestUrl, null, null);
      if (fetched.status != 200) {
        throw new IllegalStateException("GET " + manifestUrl + ": " + fetched);
      }
      JsonNode manifest = json.valueToTree(new YAMLMapper().readTree(fetched.text));
      for (String required : iterable(manifest.path("requirements").fieldNames())) {
        if (element(core, adminToken, required) == null) {
          throw new IllegalStateException(
              "the "
                  + name
                  + " element requires "
                  + required
                  + ", which is not installed in Core"
                  + (required.equals("metapaas")
                      ? " (exordos ee install metapaas --version ... --repository ...)"
                      : ""));
        }
      }
      install(core, adminToken, name, manifest);
      JsonNode element = waitActive(core, name, deadline);
      log.println(
          "prepare-env: element " + name + " " + element.path("version").asText() + " is ACTIVE");

      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("EXORDOS_ENDPOINT", core);
      vars.put("EXORDOS_USERNAME", username);
      vars.put("EXORDOS_PASSWORD", password);
      vars.put("METAPAAS_USERNAME", metapaasUsername != null ? metapaasUsername : username);
      vars.put("METAPAAS_PASSWORD", metapaasPassword != null ? metapaasPassword : password);
      String cp = cpUrl;
      if (cp == null) {
        String ip = controlPlaneIp(core, token(core));
        if (ip != null) {
          cp = "http://" + ip + ":8080";
        } else {
          String lb = loadBalancer(core);
          cp = lb;
          vars.put("S3AAS_API_URL", lb + "/api/s3aas");
          log.println(
              "prepare-env: no s3aas-cp node visible to "
                  + username
                  + "; using the Core load balancer "
                  + lb);
        }
      }
      vars.put("EXORDOS_S3_CP_URL", cp.replaceAll("/+$", ""));
      vars.put("METAPAAS_PROJECT_ID", METAPAAS_PROJECT);
      vars.put("S3AAS_REPOSITORY", repository);
      waitControlPlane(vars.get("EXORDOS_S3_CP_URL"), deadline);
      vars.forEach((k, v) -> out.println("export " + k + "=" + shellQuote(v)));
      out.flush();
      if (keepServing) {
        log.println("prepare-env: still serving " + repository + " (Ctrl-C stops)");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown, "prepare-env-stop"));
        forever.await();
      }
      return 0;
    } catch (IllegalStateException e) {
      log.println("prepare-env: " + e.getMessage());
      return 1;
    } finally {
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------- steps

  private void make(Path project, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("make", "--no-print-directory", "-C", project.toString()));
    cmd.addAll(List.of(args));
    log.println("prepare-env: " + String.join(" ", cmd));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(log); // never stdout: it carries only the export lines
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("make " + args[0] + " failed (exit " + p.exitValue() + ")");
    }
  }

  private String token(String core) throws IOException, InterruptedException {
    Map<String, String> form =
        Map.of("grant_type", "password", "username", username, "password", password, "scope", "");
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create(core + "/v1/iam/clients/" + iamClient + "/actions/get_token/invoke"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    Reply reply = reply(http.send(r, HttpResponse.BodyHandlers.ofString()));
    if (reply.status != 200 || !reply.json.hasNonNull("access_token")) {
      throw new IllegalStateException(
          "get_token at "
              + core
              + " failed: "
              + reply
              + (core.contains(":11010")
                  ? " (the client alias \"default\" only resolves through the load balancer: use http://<core>/api/core)"
                  : ""));
    }
    return reply.json.get("access_token").asText();
  }

  private @Nullable JsonNode element(String core, String token, String name)
      throws IOException, InterruptedException {
    Reply r =
        send(
            "GET",
            core + "/v1/em/elements/?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
            token,
            null);
    if (r.status != 200) {
      throw new IllegalStateException("GET /v1/em/elements/: " + r);
    }
    return r.json.isArray() && r.json.size() > 0 ? r.json.get(0) : null;
  }

  /**
   * A new manifest is created and installed; an existing one is replaced and upgraded (so re-runs
   * work).
   */
  private void install(String core, String token, String name, JsonNode manifest)
      throws IOException, InterruptedException {
    Reply existing =
        send(
            "GET",
            core + "/v1/em/manifests/?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
            token,
            null);
    String uuid;
    String action;
    if (existing.status == 200 && existing.json.isArray() && existing.json.size() > 0) {
      uuid = existing.json.get(0).path("uuid").asText();
      Reply put = send("PUT", core + "/v1/em/manifests/" + uuid, token, manifest);
      if (put.status != 200) {
        throw new IllegalStateException("PUT /v1/em/manifests/" + uuid + ": " + put);
      }
      action = element(core, token, name) == null ? "install" : "upgrade";
    } else {
      Reply created = send("POST", core + "/v1/em/manifests/", token, manifest);
      if (created.status != 201 && created.status != 200) {
        throw new IllegalStateException("POST /v1/em/manifests/: " + created);
      }
      uuid = created.json.path("uuid").asText();
      action = "install";
    }
    Reply invoked =
        send(
            "POST",
            core + "/v1/em/manifests/" + uuid + "/actions/" + action + "/invoke",
            token,
            null);
    if (invoked.status / 100 != 2) {
      throw new IllegalStateException(action + " of manifest " + uuid + ": " + invoked);
    }
    log.println("prepare-env: " + action + " " + name + " (manifest " + uuid + ")");
  }

  private JsonNode waitActive(String core, String name, Instant deadline)
      throws IOException, InterruptedException {
    String token = token(core);
    JsonNode last = null;
    while (true) {
      last = element(core, token, name);
      if (last != null && "ACTIVE".equals(last.path("status").asText())) {
        return last;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "element " + name + " not ACTIVE after " + waitTimeout + " s: " + last);
      }
      Thread.sleep(2000);
    }
  }

  private @Nullable String controlPlaneIp(String core, String token)
      throws IOException, InterruptedException {
    Reply r = send("GET", core + "/v1/compute/nodes/?name=s3aas-cp", token, null);
    if (r.status == 200 && r.json.isArray()) {
      for (JsonNode n : r.json) {
        String ip = n.at("/default_network/ipv4").asText("");
        if (!ip.isEmpty()) {
          return ip;
        }
      }
    }
    return null;
  }

  /** The control plane is up when /v1/types/s3/versions answers (401 without a token is fine). */
  private void waitControlPlane(String cp, Instant deadline) throws InterruptedException {
    String last = "";
    while (true) {
      try {
        Reply r = send("GET", cp + "/v1/types/s3/versions", null, null);
        if (r.status == 200 || r.status == 401) {
          log.println("prepare-env: control plane " + cp + " answers");
          return;
        }
        last = r.toString();
      } catch (IOException e) {
        last = e.toString();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "the control plane " + cp + " did not answer in " + waitTimeout + " s: " + last);
      }
      Thread.sleep(2000);
    }
  }

  // ---------------------------------------------------------------- HTTP

  private record Reply(int status, JsonNode json, String text) {
    @Override
    public String toString() {
      return status + " " + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
    }
  }

  private Reply send(String method, String url, @Nullable String token, @Nullable JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return reply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private Reply reply(HttpResponse<String> r) {
    JsonNode parsed = MissingNode.getInstance();
    try {
      if (!r.body().isBlank()) {
        parsed = json.readTree(r.body());
      }
    } catch (IOException notJson) {
      // keep the text
    }
    return new Reply(r.statusCode(), parsed == null ? json.createArrayNode() : parsed, r.body());
  }

  /** Serves files under {@code root} (GET and HEAD), as {@code python -m http.server} would. */
  static HttpServer serve(Path root, InetAddress address, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
    server.createContext(
        "/",
        ex -> {
          try {
            Path file =
                root.resolve(ex.getRequestURI().getPath().replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
              respond(ex, 404, "not found\n".getBytes(StandardCharsets.UTF_8));
              return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
              respond(ex, 405, new byte[0]);
              return;
            }
            ex.getResponseHeaders()
                .set(
                    "Content-Type",
                    file.toString().endsWith(".json")
                        ? "application/json"
                        : "application/octet-stream");
            long size = Files.size(file);
            if (ex.getRequestMethod().equals("HEAD")) {
              ex.getResponseHeaders().set("Content-Length", String.valueOf(size));
              ex.sendResponseHeaders(200, -1);
              return;
            }
            ex.sendResponseHeaders(200, size);
            try (OutputStream o = ex.getResponseBody()) {
              Files.copy(file, o);
            }
          } finally {
            ex.close();
          }
        });
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "prepare-env-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return server;
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    }
  }

  /**
   * The local address the OS would use to reach the endpoint (what Core downloads the images from).
   */
  static String routeAddress(URI endpoint) {
    try (DatagramSocket s = new DatagramSocket()) {
      InetAddress target = InetAddress.getByName(endpoint.getHost());
      if (target.isLoopbackAddress()) {
        return target.getHostAddress();
      }
      s.connect(target, endpoint.getPort() > 0 ? endpoint.getPort() : 80);
      InetAddress local = s.getLocalAddress();
      return local.isAnyLocalAddress()
          ? InetAddress.getLocalHost().getHostAddress()
          : local.getHostAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a local address towards " + endpoint, e);
    }
  }

  /**
   * The Core load balancer's base: the endpoint without {@code /api/core}, on its port (80 by
   * default).
   */
  static String loadBalancer(String core) {
    URI u = URI.create(core);
    String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
    if (path.endsWith("/api/core")) {
      return u.getScheme()
          + "://"
          + u.getRawAuthority()
          + path.substring(0, path.length() - "/api/core".length());
    }
    return u.getScheme()
        + "://"
        + (u.getHost().contains(":") ? "[" + u.getHost() + "]" : u.getHost());
  }

  private static String hostLiteral(InetAddress a) {
    String h = a.getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  static String shellQuote(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
