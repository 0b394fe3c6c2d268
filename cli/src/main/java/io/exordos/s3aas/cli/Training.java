package io.exordos.s3aas.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The training run behind the AppCDS archive ({@code s3ctl --s3ctl-create-cds}, run by the launcher
 * with {@code -XX:ArchiveClassesAtExit}): it runs the common commands in-process against a
 * throwaway local HTTPS server, so the archive holds the classes of the real hot path (picocli,
 * Jackson, YAML, java.net.http, TLS). Output is discarded; failures are not fatal.
 */
final class Training {
  private Training() {}

  static int run() {
    PrintStream realOut = S3ctl.OUT;
    PrintStream realErr = S3ctl.ERR;
    Path dir = null;
    HttpsServer server = null;
    try {
      dir = Files.createTempDirectory("s3ctl-cds");
      PrintStream sink =
          new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
      S3ctl.OUT = sink;
      S3ctl.ERR = sink;
      String pem = keystore(dir);
      server = serve(dir);
      String url = "https://127.0.0.1:" + server.getAddress().getPort();
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: t",
              "  cluster:",
              "    server: " + url,
              "    certificate-authority-data: " + Config.base64(pem),
              "users:",
              "- name: u",
              "  user:",
              "    token: training-token-0123456789",
              "contexts:",
              "- name: t",
              "  context:",
              "    cluster: t",
              "    user: u",
              "    namespace: default",
              "current-context: t",
              ""));
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("S3AAS_HOME", dir.resolve("home").toString());
      Config.env = env;
      Path manifest = dir.resolve("m.yaml");
      Files.writeString(
          manifest,
          """
          apiVersion: s3aas.exordos.io/v1alpha1
          kind: S3Instance
          metadata:
            name: data
          spec:
            version: 0.0.1
            nodes: 1
          ---
          apiVersion: s3aas.exordos.io/v1alpha1
          kind: Bucket
          metadata:
            name: b
          spec:
            instanceRef: data
          """);
      List<String[]> runs =
          List.of(
              new String[] {"get", "s3instances"},
              new String[] {"get", "s3i", "-owide"}, // QuickGet leaves this form to picocli
              new String[] {"get", "s3i"},
              new String[] {"get", "s3i", "-o", "wide"},
              new String[] {"get", "s3i", "data", "-o", "yaml"},
              new String[] {"get", "s3i", "data", "-o", "json"},
              new String[] {"get", "s3i", "-o", "jsonpath={.items[*].metadata.name}"},
              new String[] {"get", "s3i", "-o", "name"},
              new String[] {"describe", "s3i", "data"},
              new String[] {"apply", "-f", manifest.toString(), "--dry-run=client"},
              new String[] {"version"},
              new String[] {"get", "nosuchkind"});
      for (String[] args : runs) {
        try {
          S3ctl.run(args);
        } catch (RuntimeException ignored) {
          // training only
        }
      }
      return 0;
    } catch (Exception e) {
      realErr.println(
          "s3ctl: the CDS training run was incomplete (" + e + "); the archive will be smaller");
      return 0;
    } finally {
      S3ctl.OUT = realOut;
      S3ctl.ERR = realErr;
      if (server != null) {
        server.stop(0);
      }
      if (dir != null) {
        delete(dir);
      }
    }
  }

  private static String keystore(Path dir) throws IOException, InterruptedException {
    String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
    Path ks = dir.resolve("t.p12");
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "t",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "2",
            "-dname",
            "CN=training",
            "-ext",
            "SAN=ip:127.0.0.1",
            "-keystore",
            ks.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            "training"),
        null);
    Path pem = dir.resolve("t.pem");
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "t",
            "-keystore",
            ks.toString(),
            "-storepass",
            "training"),
        pem);
    return Files.readString(pem);
  }

  private static void run(List<String> cmd, @Nullable Path output)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(
        output != null
            ? ProcessBuilder.Redirect.to(output.toFile())
            : ProcessBuilder.Redirect.DISCARD);
    if (pb.start().waitFor() != 0) {
      throw new IOException("keytool failed");
    }
  }

  private static HttpsServer serve(Path dir) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve("t.p12").toFile())) {
      ks.load(in, "training".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "training".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    String now = Instant.now().toString();
    String item =
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"S3Instance\",\"metadata\":{\"name\":\"data\","
            + "\"namespace\":\"default\",\"uid\":\"u1\",\"resourceVersion\":\"7\",\"generation\":1,\"creationTimestamp\":\""
            + now
            + "\"},"
            + "\"spec\":{\"version\":\"0.0.1\",\"nodes\":1,\"bucketName\":\"data-bucket\",\"encryption\":\"none\"},"
            + "\"status\":{\"phase\":\"ACTIVE\",\"endpoint\":\"http://127.0.0.1:9000\",\"observedGeneration\":1,"
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Ready\",\"lastTransitionTime\":\""
            + now
            + "\"}],"
            + "\"nodes\":[{\"id\":\"n1\",\"ip\":\"127.0.0.1\",\"port\":9000}]}}";
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String body;
          int code = 200;
          if (path.equals("/version")) {
            body = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}";
          } else if (path.endsWith("/s3instances/data")) {
            body = item;
          } else if (path.endsWith("/s3instances")
              || path.endsWith("/buckets")
              || path.endsWith("/s3users")
              || path.endsWith("/s3policies")
              || path.endsWith("/accesskeys")
              || path.endsWith("/events")) {
            body =
                "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
                    + (path.endsWith("/s3instances") ? item : "")
                    + "]}";
          } else {
            code = 404;
            body =
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                    + "\"message\":\"not found\"}";
          }
          respond(ex, code, body);
        });
    server.start();
    return server;
  }

  private static void respond(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static void delete(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files only
    }
  }
}
