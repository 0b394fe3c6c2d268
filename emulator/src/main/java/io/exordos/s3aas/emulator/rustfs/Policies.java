package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * IAM policy documents: the built-in canned policies, validation of submitted documents, and
 * evaluation (explicit Deny wins, then any Allow, else implicit deny). A statement applies only
 * when its Condition block holds ({@link Conditions}).
 */
public final class Policies {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACTION = Pattern.compile("\\*|(s3|admin|kms|sts):[A-Za-z*?]+");

  /** The policies every RustFS node has and that cannot be removed. */
  public static final Map<String, JsonNode> BUILT_IN = builtIns();

  /** What a policy says about one request. */
  public enum Decision {
    ALLOW,
    DENY,
    NONE
  }

  private Policies() {}

  private static Map<String, JsonNode> builtIns() {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    m.put("consoleAdmin", doc("[\"admin:*\",\"kms:*\",\"s3:*\"]"));
    m.put(
        "diagnostics",
        doc(
            "[\"admin:ServerInfo\",\"admin:Profiling\",\"admin:ServerTrace\",\"admin:ConsoleLog\","
                + "\"admin:OBDInfo\",\"admin:TopLocksInfo\",\"admin:BandwidthMonitor\",\"admin:Prometheus\"]"));
    m.put("readonly", doc("[\"s3:GetBucketLocation\",\"s3:GetObject\"]"));
    m.put("readwrite", doc("[\"s3:*\"]"));
    m.put("writeonly", doc("[\"s3:PutObject\"]"));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static JsonNode doc(String actions) {
    try {
      return JSON.readTree(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
              + actions
              + ",\"Resource\":[\"arn:aws:s3:::*\"]}]}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses and validates an identity (canned) policy; throws MalformedPolicy on anything off. */
  public static JsonNode parseIdentityPolicy(byte[] body) {
    return validate(parse(body), null);
  }

  /**
   * Parses and validates a bucket policy for {@code bucket}: Principal required, resources in the
   * bucket.
   */
  public static JsonNode parseBucketPolicy(byte[] body, String bucket) {
    return validate(parse(body), bucket);
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw malformed("Policy must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw malformed("Policy is not valid JSON");
    }
  }

  private static JsonNode validate(JsonNode policy, @Nullable String bucket) {
    JsonNode version = policy.get("Version");
    if (version != null && !version.asText().equals("2012-10-17") && !version.asText().isEmpty()) {
      throw malformed("invalid Version " + version.asText());
    }
    JsonNode statements = policy.get("Statement");
    if (statements == null || !statements.isArray() || statements.isEmpty()) {
      throw malformed("Policy has no statements");
    }
    for (JsonNode st : statements) {
      String effect = st.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw malformed("invalid Effect '" + effect + "'");
      }
      List<String> actions = strings(st.has("Action") ? st.get("Action") : st.get("NotAction"));
      if (actions.isEmpty()) {
        throw malformed("statement has no Action");
      }
      for (String a : actions) {
        if (!ACTION.matcher(a).matches()) {
          throw malformed("invalid action '" + a + "'");
        }
      }
      List<String> resources =
          strings(st.has("Resource") ? st.get("Resource") : st.get("NotResource"));
      boolean onlyNonS3 =
          actions.stream().allMatch(a -> a.startsWith("admin:") || a.startsWith("kms:"));
      if (resources.isEmpty() && !onlyNonS3) {
        throw malformed("statement has no Resource");
      }
      for (String r : resources) {
        if (!r.startsWith("arn:aws:s3:::") && !r.equals("*")) {
          throw malformed("invalid resource '" + r + "'");
        }
        if (bucket != null) {
          String rest = r.substring("arn:aws:s3:::".length());
          String b = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
          if (!glob(b, bucket)) {
            throw malformed("Policy has invalid resource");
          }
        }
      }
      if (bucket != null && !st.has("Principal")) {
        throw malformed("Policy has missing Principal");
      }
      if (bucket == null && st.has("Principal")) {
        throw malformed("Principal is not allowed in an identity policy");
      }
    }
    return policy;
  }

  private static S3Exception malformed(String message) {
    return new S3Exception(400, "MalformedPolicy", message);
  }

  /**
   * Evaluates {@code policies} for {@code action} on {@code resource}, without request values for
   * conditions. For bucket policies {@code principal} is the caller's access key, or null for an
   * anonymous caller.
   */
  public static Decision evaluate(
      List<JsonNode> policies,
      String action,
      String resource,
      boolean bucketPolicy,
      @Nullable String principal) {
    return evaluate(policies, action, resource, bucketPolicy, principal, Conditions.NONE);
  }

  static Decision evaluate(
      List<JsonNode> policies,
      String action,
      String resource,
      boolean bucketPolicy,
      @Nullable String principal,
      Conditions conditions) {
    boolean allowed = false;
    for (JsonNode policy : policies) {
      for (JsonNode st : policy.path("Statement")) {
        if (bucketPolicy && !principalMatches(st.get("Principal"), principal)) {
          continue;
        }
        if (!matches(st, "Action", "NotAction", action, true)
            || !matches(st, "Resource", "NotResource", resource, false)
            || !conditions.satisfies(st)) {
          continue;
        }
        if (st.path("Effect").asText().equals("Deny")) {
          return Decision.DENY;
        }
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOW : Decision.NONE;
  }

  private static boolean matches(
      JsonNode st, String field, String notField, String value, boolean ignoreCase) {
    if (st.has(field)) {
      return strings(st.get(field)).stream().anyMatch(p -> matchOne(p, value, ignoreCase));
    }
    if (st.has(notField)) {
      return strings(st.get(notField)).stream().noneMatch(p -> matchOne(p, value, ignoreCase));
    }
    // An admin-only statement may have no Resource.
    return field.equals("Resource");
  }

  private static boolean matchOne(String pattern, String value, boolean ignoreCase) {
    if (pattern.equals("*")) {
      return true;
    }
    return ignoreCase
        ? glob(pattern.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT))
        : glob(pattern, value);
  }

  private static boolean principalMatches(JsonNode principal, @Nullable String accessKey) {
    if (principal == null) {
      return false;
    }
    List<String> names = new ArrayList<>();
    if (principal.isTextual()) {
      names.add(principal.asText());
    } else if (principal.has("AWS")) {
      names.addAll(strings(principal.get("AWS")));
    }
    for (String n : names) {
      if (n.equals("*")
          || (accessKey != null && (n.equals(accessKey) || n.endsWith(":user/" + accessKey)))) {
        return true;
      }
    }
    return false;
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  /** Glob match with {@code *} (any run) and {@code ?} (one character), as IAM patterns use. */
  static boolean glob(String pattern, String value) {
    int p = 0;
    int v = 0;
    int star = -1;
    int mark = 0;
    while (v < value.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
        p++;
        v++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = v;
      } else if (star >= 0) {
        p = star + 1;
        v = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
