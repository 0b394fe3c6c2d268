package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * CORS: validation of a bucket's CORSConfiguration, preflight (OPTIONS) answers, and the
 * Access-Control-* headers on ordinary requests that carry an Origin.
 */
final class CorsApi {
  private static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");

  /** One CORSRule. */
  record Rule(
      List<String> origins,
      List<String> methods,
      List<String> headers,
      List<String> expose,
      @Nullable String maxAge) {}

  private final S3Context ctx;

  CorsApi(S3Context ctx) {
    this.ctx = ctx;
  }

  static List<Rule> validate(byte[] body) {
    Element root = Xml.parse(body, "CORSConfiguration");
    List<Element> rules = Xml.children(root, "CORSRule");
    if (rules.isEmpty() || rules.size() > 100) {
      throw S3Exception.malformedXml();
    }
    List<Rule> out = new ArrayList<>();
    for (Element r : rules) {
      Rule rule =
          new Rule(
              texts(r, "AllowedOrigin"),
              texts(r, "AllowedMethod"),
              texts(r, "AllowedHeader"),
              texts(r, "ExposeHeader"),
              Xml.text(r, "MaxAgeSeconds"));
      if (rule.origins().isEmpty() || rule.methods().isEmpty()) {
        throw S3Exception.malformedXml();
      }
      for (String m : rule.methods()) {
        if (!METHODS.contains(m)) {
          throw S3Exception.invalidRequest(
              "Found unsupported HTTP method in CORS config. Unsupported method is " + m);
        }
      }
      out.add(rule);
    }
    return out;
  }

  Reply preflight(S3Api.Request r, String bucket) {
    String origin = r.http().header("origin").orElse(null);
    String method = r.http().header("access-control-request-method").orElse(null);
    if (origin == null || method == null) {
      throw S3Exception.invalidRequest("Insufficient information. Origin request header needed.");
    }
    List<String> requested = new ArrayList<>();
    for (String h : r.http().header("access-control-request-headers").orElse("").split(",", -1)) {
      if (!h.isBlank()) {
        requested.add(h.trim().toLowerCase(Locale.ROOT));
      }
    }
    Rule rule = match(bucket, origin, method, requested);
    if (rule == null) {
      throw new S3Exception(
          403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.");
    }
    Reply reply = allow(Reply.ok(), rule, origin);
    if (!requested.isEmpty()) {
      reply.header("Access-Control-Allow-Headers", String.join(", ", requested));
    }
    return reply.header("Access-Control-Max-Age", rule.maxAge());
  }

  /** Adds Access-Control-* headers when the request's Origin matches a rule of the bucket. */
  Reply decorate(HttpRequestView http, @Nullable String bucket, Reply reply) {
    String origin = http.header("origin").orElse(null);
    if (origin == null || bucket == null || bucket.isEmpty() || http.method().equals("OPTIONS")) {
      return reply;
    }
    String method = http.header("access-control-request-method").orElse(http.method());
    Rule rule = match(bucket, origin, method, List.of());
    return rule == null ? reply : allow(reply, rule, origin);
  }

  private static Reply allow(Reply reply, Rule rule, String origin) {
    reply
        .header("Access-Control-Allow-Origin", rule.origins().contains("*") ? "*" : origin)
        .header("Access-Control-Allow-Methods", String.join(", ", rule.methods()));
    if (!rule.expose().isEmpty()) {
      reply.header("Access-Control-Expose-Headers", String.join(", ", rule.expose()));
    }
    return reply;
  }

  private @Nullable Rule match(String bucket, String origin, String method, List<String> headers) {
    String xml;
    synchronized (ctx.store) {
      NodeStore.Bucket b = ctx.store.state().buckets.get(bucket);
      xml = b == null ? null : b.cors;
    }
    if (xml == null) {
      return null;
    }
    for (Rule rule : validate(xml.getBytes(StandardCharsets.UTF_8))) {
      boolean originOk = rule.origins().stream().anyMatch(o -> Policies.glob(o, origin));
      boolean headersOk =
          headers.stream()
              .allMatch(
                  h ->
                      rule.headers().stream()
                          .anyMatch(p -> Policies.glob(p.toLowerCase(Locale.ROOT), h)));
      if (originOk && rule.methods().contains(method) && headersOk) {
        return rule;
      }
    }
    return null;
  }

  private static List<String> texts(Element parent, String name) {
    List<String> out = new ArrayList<>();
    for (Element e : Xml.children(parent, name)) {
      out.add(e.getTextContent().trim());
    }
    return out;
  }
}
