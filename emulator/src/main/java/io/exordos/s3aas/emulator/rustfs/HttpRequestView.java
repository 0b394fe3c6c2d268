package io.exordos.s3aas.emulator.rustfs;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that signing and S3 routing need, taken as the client sent them: the
 * raw (still percent-encoded) path and query, and headers by lower-case name.
 */
public final class HttpRequestView {
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final BodySource bodySource;
  private final long maxBody;
  private byte @Nullable [] body;

  HttpRequestView(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      @Nullable InputStream bodyStream,
      long maxBody) {
    this(method, rawPath, rawQuery, headers, () -> bodyStream, maxBody);
  }

  private HttpRequestView(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      BodySource bodySource,
      long maxBody) {
    this.method = method;
    this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    this.rawQuery = rawQuery == null ? "" : rawQuery;
    this.headers = headers;
    this.query = parseQuery(this.rawQuery);
    this.bodySource = bodySource;
    this.maxBody = maxBody;
  }

  /** Where the body comes from, opened on first read. */
  @FunctionalInterface
  private interface BodySource {
    @Nullable InputStream open() throws IOException;
  }

  static HttpRequestView of(HttpServletRequest req, long maxBody) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
    }
    return new HttpRequestView(
        req.getMethod(),
        req.getRequestURI(),
        req.getQueryString(),
        headers,
        // Opened only when the body is read: Jetty answers "100 Continue" when the servlet asks
        // for the stream, and a refused request must get its error without that.
        req::getInputStream,
        maxBody);
  }

  public String method() {
    return method;
  }

  public String rawPath() {
    return rawPath;
  }

  /** The path with percent-escapes decoded ({@code +} stays a plus, as in any URL path). */
  public String path() {
    return percentDecode(rawPath, false);
  }

  public String rawQuery() {
    return rawQuery;
  }

  /** Decoded query parameters in the order sent; a parameter without {@code =} has the value "". */
  public Map<String, List<String>> query() {
    return query;
  }

  public boolean hasQuery(String name) {
    return query.containsKey(name);
  }

  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Reads the whole body once (after the signature was checked, so 100-continue is only sent then).
   */
  public byte[] body() {
    if (body == null) {
      try (InputStream in = bodySource.open()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while (in != null && (n = in.read(buf)) > 0) {
          total += n;
          if (total > maxBody) {
            throw new S3Exception(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed object size.");
          }
          out.write(buf, 0, n);
        }
        body = out.toByteArray();
      } catch (IOException e) {
        throw new S3Exception(
            400,
            "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header.");
      }
    }
    return body;
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
      result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  /** Decodes %XX escapes as UTF-8; in a query a {@code +} means a space, as form encoding says. */
  static String percentDecode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 3;
          continue;
        }
      }
      if (c == '+' && plusIsSpace) {
        out.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
