package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * The resource API over HTTPS: plain java.net.http, JSON bodies, Status errors turned into {@link
 * ApiError}.
 */
final class Api {
  private static final String CLIENT = "s3ctl/" + S3ctl.version();

  private final Config.Context ctx;
  private final boolean verbose;
  private final @Nullable Duration requestTimeout;

  /** The context's server URL, checked to be there. */
  private final String server;

  /** The Authorization header's value, if the context has a token. */
  private final @Nullable String authorization;

  private @Nullable HttpClient client;
  private @Nullable SSLSocketFactory sockets;

  Api(Config.Context ctx, boolean verbose, @Nullable Duration requestTimeout) {
    this.ctx = ctx;
    this.verbose = verbose;
    this.requestTimeout = requestTimeout;
    String url = ctx.server();
    if (url == null || url.isBlank()) {
      throw new CliException(
          "context \"" + ctx.name() + "\" in " + ctx.source() + " has no server URL");
    }
    this.server = url;
    String token = ctx.token();
    this.authorization = token == null || token.isBlank() ? null : "Bearer " + token;
  }

  Config.Context context() {
    return ctx;
  }

  /** A field cause of a 422, as {@code details.causes[]} carries it. */
  record Cause(String field, String reason, String message) {}

  /** A non-2xx answer, with the Status the server sent. */
  static final class ApiError extends CliException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;
    final String serverMessage;
    final List<Cause> causes;

    ApiError(int code, String reason, String serverMessage, List<Cause> causes, String text) {
      super(1, text);
      this.code = code;
      this.reason = reason;
      this.serverMessage = serverMessage;
      this.causes = causes;
    }
  }

  private HttpClient client() {
    if (client == null) {
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10));
      if (server.startsWith("https:")) {
        b.sslContext(Tls.context(ctx));
      }
      client = b.build();
      S3ctl.trace("http client built");
    }
    return client;
  }

  static String query(Map<String, @Nullable String> params) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      q.append(q.length() == 0 ? "?" : "&")
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  static Map<String, @Nullable String> params(@Nullable String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(stripSlash(server) + pathAndQuery))
            .header("Accept", "application/json")
            .header("User-Agent", CLIENT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  JsonNode get(String path) {
    return send("GET", path, null, null);
  }

  /** GET, with 404 as empty. */
  Optional<JsonNode> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (ApiError e) {
      if (e.code == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * One request. GET, POST and DELETE go through HttpURLConnection, which starts far faster than
   * java.net.http; only PATCH (which HttpURLConnection cannot send) uses java.net.http.
   */
  JsonNode send(String method, String path, @Nullable JsonNode body, @Nullable String contentType) {
    long start = System.nanoTime();
    int code;
    byte[] answer;
    if (method.equals("PATCH")) {
      HttpRequest.Builder b = request(path);
      if (requestTimeout != null) {
        b.timeout(requestTimeout);
      }
      b.header("Content-Type", contentType == null ? "application/json" : contentType);
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(Json.compact(body)));
      HttpResponse<byte[]> r = exchange(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      code = r.statusCode();
      answer = r.body();
    } else {
      try {
        HttpURLConnection c = open(method, path, false);
        if (body != null) {
          c.setDoOutput(true);
          c.setRequestProperty(
              "Content-Type", contentType == null ? "application/json" : contentType);
          try (OutputStream os = c.getOutputStream()) {
            os.write(Json.compact(body).getBytes(StandardCharsets.UTF_8));
          }
        }
        code = c.getResponseCode();
        try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
          answer = in == null ? new byte[0] : in.readAllBytes();
        }
      } catch (IOException e) {
        throw failure(e, method, path);
      }
    }
    S3ctl.trace("response " + code);
    if (verbose) {
      System.err.printf(
          "%s %s%s %d in %d ms%n",
          method, server, path, code, (System.nanoTime() - start) / 1_000_000);
    }
    if (code >= 300) {
      throw error(code, answer, method, path);
    }
    try {
      return answer.length == 0 ? Json.object() : Json.parse(answer);
    } catch (IOException e) {
      throw new CliException(
          "the server at "
              + server
              + " answered "
              + method
              + " "
              + path
              + " with something that is not JSON");
    }
  }

  private HttpURLConnection open(String method, String pathAndQuery, boolean watch)
      throws IOException {
    URL url = new URL(stripSlash(server) + pathAndQuery);
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    if (c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(sockets());
      if (ctx.insecure()) {
        https.setHostnameVerifier(new Tls.AnyHost());
      }
    }
    c.setRequestMethod(method);
    c.setUseCaches(false);
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(
        watch || requestTimeout == null
            ? 0
            : (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()));
    c.setRequestProperty("Accept", "application/json");
    c.setRequestProperty("User-Agent", CLIENT);
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  private SSLSocketFactory sockets() {
    if (sockets == null) {
      sockets = Tls.context(ctx).getSocketFactory();
      S3ctl.trace("tls context ready");
    }
    return sockets;
  }

  /** How a watch from a resourceVersion ended. */
  record WatchEnd(String resourceVersion, boolean expired) {}

  /**
   * Follows a watch that starts at resourceVersion {@code from} (already in {@code pathAndQuery}):
   * every event, bookmarks included, moves the resourceVersion on; an ERROR event (the version is
   * too old) ends it as expired, so the caller lists again; ADDED, MODIFIED and DELETED go to
   * {@code onChange(type, object)} until it returns false or the server ends the stream.
   */
  WatchEnd watchChanges(String pathAndQuery, String from, BiPredicate<String, JsonNode> onChange) {
    String[] last = {from};
    boolean[] expired = {false};
    watch(
        pathAndQuery,
        event -> {
          String type = event.path("type").asText();
          JsonNode o = event.path("object");
          if (type.equals("ERROR")) {
            expired[0] = true;
            return false;
          }
          String rv = o.path("metadata").path("resourceVersion").asText("");
          if (!rv.isEmpty()) {
            last[0] = rv;
          }
          return type.equals("BOOKMARK") || onChange.test(type, o);
        });
    return new WatchEnd(last[0], expired[0]);
  }

  /**
   * Streams watch events to {@code onEvent} until the server ends the stream or {@code onEvent}
   * returns false. Returns true when the stream ended by itself (the caller may resume).
   */
  private boolean watch(String pathAndQuery, Predicate<JsonNode> onEvent) {
    HttpURLConnection c;
    int code;
    try {
      c = open("GET", pathAndQuery, true);
      code = c.getResponseCode();
    } catch (IOException e) {
      throw failure(e, "GET", pathAndQuery);
    }
    if (verbose) {
      System.err.printf("WATCH %s%s %d%n", server, pathAndQuery, code);
    }
    if (code >= 300) {
      byte[] body;
      try (InputStream err = c.getErrorStream()) {
        body = err == null ? new byte[0] : err.readAllBytes();
      } catch (IOException e) {
        body = new byte[0];
      }
      throw error(code, body, "GET", pathAndQuery);
    }
    try (InputStream in = c.getInputStream()) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (!onEvent.test(Json.parse(line))) {
          c.disconnect();
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return true; // the connection dropped: resume
    }
  }

  private CliException failure(IOException e, String method, String path) {
    if (e instanceof ConnectException || rootCause(e) instanceof ConnectException) {
      return unreachable(rootMessage(e));
    }
    if (e instanceof java.net.UnknownHostException) {
      return unreachable("unknown host " + e.getMessage());
    }
    if (e instanceof SSLHandshakeException
        || rootCause(e) instanceof java.security.cert.CertificateException) {
      return tlsFailure(e);
    }
    if (e instanceof java.net.SocketTimeoutException) {
      return e.getMessage() != null && e.getMessage().contains("connect")
          ? unreachable("the connection timed out")
          : new CliException(
              "the server at "
                  + server
                  + " did not answer "
                  + method
                  + " "
                  + path.replaceFirst("\\?.*", "")
                  + " within "
                  + (requestTimeout == null ? "the timeout" : requestTimeout.toSeconds() + "s"));
    }
    return new CliException("talking to " + server + " failed: " + rootMessage(e));
  }

  private CliException tlsFailure(Exception e) {
    return new CliException(
        "the TLS handshake with "
            + server
            + " failed: "
            + rootMessage(e)
            + "\n  The certificate-authority-data of context \""
            + ctx.name()
            + "\" ("
            + ctx.source()
            + ") may belong to an older server: run `make run` / `s3aas up` again to rewrite the kubeconfig,"
            + "\n  or pass --insecure-skip-tls-verify to skip the check (not for production).");
  }

  private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    try {
      return client().send(req, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("the connection timed out");
    } catch (SSLHandshakeException e) {
      throw tlsFailure(e);
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the server at "
              + server
              + " did not answer "
              + req.method()
              + " "
              + req.uri().getPath()
              + " within "
              + (requestTimeout == null ? "the timeout" : requestTimeout.toSeconds() + "s"));
    } catch (IOException e) {
      throw failure(e, req.method(), req.uri().getPath());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private CliException unreachable(String why) {
    return new CliException(
        "cannot reach the s3aas API at "
            + server
            + " ("
            + why
            + ").\n"
            + "  Is the server running? Start a local one with `make run` (or `s3aas up`);\n"
            + "  s3ctl used context \""
            + ctx.name()
            + "\" from "
            + ctx.source()
            + ".");
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = rootCause(e);
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /**
   * Builds the error a user reads: the server's message, its causes, and what to do for 401/403.
   */
  private ApiError error(int code, byte[] body, String method, String path) {
    String reason = null;
    String message = null;
    List<Cause> causes = new ArrayList<>();
    try {
      JsonNode status = Json.parse(body);
      if (status != null && "Status".equals(status.path("kind").asText())) {
        reason = status.path("reason").asText(null);
        message = status.path("message").asText(null);
        for (JsonNode c : status.path("details").path("causes")) {
          causes.add(
              new Cause(
                  c.path("field").asText(null),
                  c.path("reason").asText(null),
                  c.path("message").asText(null)));
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not a Status: use the body as text
    }
    if (message == null) {
      String text = new String(body, StandardCharsets.UTF_8).trim();
      message =
          text.isEmpty()
              ? "HTTP " + code
              : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
    if (reason == null) {
      reason =
          switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            default -> "HTTP " + code;
          };
    }
    StringBuilder text = new StringBuilder();
    text.append("Error from server (").append(reason).append("): ").append(message);
    if (code == 401) {
      text.append("\n  The server at ")
          .append(server)
          .append(" did not accept the token of context \"")
          .append(ctx.name())
          .append("\" (")
          .append(ctx.source())
          .append(").")
          .append(
              "\n  If the server was restarted with a new home, run `make run` / `s3aas up` again to rewrite the kubeconfig,")
          .append("\n  or set a valid token: s3ctl config set-context ")
          .append(ctx.name())
          .append(" --token TOKEN");
    } else if (code == 403) {
      text.append("\n  The token of context \"")
          .append(ctx.name())
          .append("\" may not ")
          .append(verb(method, path))
          .append(".\n  Ask an owner of the project for a role that allows it (operator or owner),")
          .append(" or switch to a context that has one: s3ctl config use-context NAME");
    }
    return new ApiError(code, reason, message, causes, text.toString());
  }

  private static String verb(String method, String path) {
    String what = path.replaceFirst("\\?.*", "");
    String[] parts = what.split("/", -1);
    String ns = null;
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("namespaces") && i + 2 < parts.length) {
        ns = parts[i + 1];
      }
    }
    String verb =
        switch (method) {
          case "GET" -> "read";
          case "POST" -> "create";
          case "DELETE" -> "delete";
          default -> "change";
        };
    return verb
        + " "
        + what.replaceFirst(".*/namespaces/[^/]+/", "")
        + (ns != null ? " in namespace \"" + ns + "\"" : "");
  }
}
