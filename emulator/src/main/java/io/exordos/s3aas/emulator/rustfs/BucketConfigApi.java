package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * A bucket's configuration documents: tags, ACL, object lock, lifecycle, CORS (with {@link
 * CorsApi}), public access block and policy status. Lifecycle and public access block are stored as
 * submitted after validation and returned as stored.
 */
final class BucketConfigApi {
  /** Subresources this class serves, with the S3 names of their operations. */
  private static final Map<String, String> NAMES =
      Map.of(
          "tagging", "Tagging",
          "acl", "Acl",
          "object-lock", "ObjectLockConfiguration",
          "lifecycle", "Lifecycle",
          "cors", "Cors",
          "publicAccessBlock", "PublicAccessBlock",
          "policyStatus", "PolicyStatus");

  /** Subresources {@link BucketApi} or the listings serve. */
  private static final List<String> OTHERS =
      List.of("versioning", "encryption", "policy", "location", "versions", "uploads");

  private static final java.util.regex.Pattern MIDNIGHT =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T00:00:00(\\.0+)?(Z|[+-]00:00))?");

  private final S3Context ctx;
  private final NodeStore store;
  private final CorsApi cors;

  BucketConfigApi(S3Context ctx) {
    this.ctx = ctx;
    this.store = ctx.store;
    this.cors = new CorsApi(ctx);
  }

  /** The bucket subresource a request names ("" for none). */
  static String subresource(HttpRequestView req) {
    for (String q : req.query().keySet()) {
      if (NAMES.containsKey(q) || OTHERS.contains(q)) {
        return q;
      }
    }
    return "";
  }

  /**
   * The counter kind of a configuration call, e.g. PutBucketTagging, GetObjectLockConfiguration.
   */
  static String kind(String verb, String sub) {
    return sub.equals("object-lock")
        ? verb + "ObjectLockConfiguration"
        : verb + "Bucket" + NAMES.getOrDefault(sub, sub);
  }

  /** The IAM action of a configuration call, e.g. s3:PutBucketTagging. */
  static String action(String verb, String sub) {
    return switch (sub) {
      case "lifecycle" -> "s3:" + verb + "LifecycleConfiguration";
      case "cors" -> "s3:" + verb + "BucketCORS";
      case "object-lock" -> "s3:" + verb + "BucketObjectLockConfiguration";
      default -> "s3:" + verb + "Bucket" + NAMES.getOrDefault(sub, sub);
    };
  }

  Reply put(S3Api.Request r, String name, String sub) {
    if (sub.equals("object-lock")) {
      return ObjectLock.putConfiguration(ctx, r, name);
    }
    if (sub.equals("acl")) {
      synchronized (store) {
        ctx.bucket(name);
      }
      Acl.checkPut(r.payload());
      return Reply.ok();
    }
    if (sub.equals("policyStatus")) {
      throw S3Exception.notImplemented();
    }
    byte[] body = r.payload();
    String xml = new String(body, StandardCharsets.UTF_8);
    Map<String, String> tags = null;
    switch (sub) {
      case "tagging" -> tags = Tags.parse(body, 50);
      case "cors" -> CorsApi.validate(body);
      case "lifecycle" -> xml = validateLifecycle(body);
      case "publicAccessBlock" -> Xml.parse(body, "PublicAccessBlockConfiguration");
      default -> throw S3Exception.notImplemented();
    }
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      switch (sub) {
        case "tagging" -> b.tags = java.util.Objects.requireNonNull(tags, "parsed above");
        case "cors" -> b.cors = xml;
        case "lifecycle" -> b.lifecycle = xml;
        default -> b.publicAccessBlock = xml;
      }
      store.save();
    }
    return sub.equals("tagging") ? Reply.noContent() : Reply.ok();
  }

  Reply get(S3Api.Request r, String name, String sub) {
    if (sub.equals("object-lock")) {
      return ObjectLock.getConfiguration(ctx, name);
    }
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      return switch (sub) {
        case "acl" -> Acl.document();
        case "tagging" -> {
          if (b.tags.isEmpty()) {
            throw new S3Exception(404, "NoSuchTagSet", "The TagSet does not exist").on(name, null);
          }
          yield Reply.xml(Tags.document(b.tags));
        }
        case "cors" ->
            stored(
                b.cors, "NoSuchCORSConfiguration", "The CORS configuration does not exist", name);
        case "lifecycle" ->
            stored(
                b.lifecycle,
                "NoSuchLifecycleConfiguration",
                "The lifecycle configuration does not exist",
                name);
        case "publicAccessBlock" ->
            stored(
                b.publicAccessBlock,
                "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found",
                name);
        case "policyStatus" -> {
          // RustFS judges by the bucket policy alone (it keeps no ACLs).
          boolean open = PublicAccess.policyIsPublic(b.policy);
          yield Reply.xml(
              new Xml().root("PolicyStatus").el("IsPublic", open).close("PolicyStatus"));
        }
        default -> throw S3Exception.notImplemented();
      };
    }
  }

  Reply delete(String name, String sub) {
    synchronized (store) {
      NodeStore.Bucket b = ctx.bucket(name);
      switch (sub) {
        case "tagging" -> b.tags = new java.util.TreeMap<>();
        case "cors" -> b.cors = null;
        case "lifecycle" -> b.lifecycle = null;
        case "publicAccessBlock" -> b.publicAccessBlock = null;
        default -> throw S3Exception.notImplemented();
      }
      store.save();
    }
    return Reply.noContent();
  }

  Reply preflight(S3Api.Request r, String name) {
    return cors.preflight(r, name);
  }

  /** Adds the CORS answer headers to a reply when the request came from a browser origin. */
  Reply withCors(HttpRequestView http, String name, Reply reply) {
    return cors.decorate(http, name, reply);
  }

  private static Reply stored(@Nullable String xml, String code, String message, String name) {
    if (xml == null) {
      throw new S3Exception(404, code, message).on(name, null);
    }
    return new Reply(200, xml.getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/xml");
  }

  /** Validates a lifecycle configuration; returns it with an ID for every rule (S3 adds them). */
  private static String validateLifecycle(byte[] body) {
    Element root = Xml.parse(body, "LifecycleConfiguration");
    List<Element> rules = Xml.children(root, "Rule");
    if (rules.isEmpty() || rules.size() > 1000) {
      throw S3Exception.malformedXml();
    }
    Set<String> ids = new HashSet<>();
    for (Element rule : rules) {
      String id = Xml.text(rule, "ID");
      if (id == null) {
        org.w3c.dom.Element e = rule.getOwnerDocument().createElementNS(Xml.NS, "ID");
        e.setTextContent(java.util.UUID.randomUUID().toString());
        rule.insertBefore(e, rule.getFirstChild());
      }
      if (id != null && (id.length() > 255 || !ids.add(id))) {
        throw S3Exception.invalidArgument(
            id.length() > 255
                ? "ID length should not exceed allowed limit of 255"
                : "Rule ID must be unique");
      }
      String status = Xml.text(rule, "Status");
      if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
        throw S3Exception.malformedXml();
      }
      for (String part : List.of("Expiration", "NoncurrentVersionExpiration", "Transition")) {
        Element e = Xml.child(rule, part);
        String days = Xml.text(e, part.startsWith("Noncurrent") ? "NoncurrentDays" : "Days");
        String date = Xml.text(e, "Date");
        if (date != null && !MIDNIGHT.matcher(date).matches()) {
          throw S3Exception.invalidArgument("'Date' must be at midnight GMT, in ISO 8601 format");
        }
        if ((days != null && !days.matches("[0-9]{1,9}")) || "0".equals(days)) {
          throw S3Exception.invalidArgument(
              "'Days' for Expiration action must be a positive integer");
        }
      }
    }
    return Xml.serialize(root);
  }
}
