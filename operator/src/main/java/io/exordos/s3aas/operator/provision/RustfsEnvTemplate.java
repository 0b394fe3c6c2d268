package io.exordos.s3aas.operator.provision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Renders {@code rustfs.env.tmpl} (a classpath resource shared with the image build): {@code {{
 * name }}} placeholders, and a line whose placeholders all render empty is dropped.
 */
public final class RustfsEnvTemplate {
  public static final String RESOURCE = "/rustfs.env.tmpl";
  private static final Pattern VAR = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
  private static final String TEXT = load();

  private RustfsEnvTemplate() {}

  private static String load() {
    try (InputStream in = RustfsEnvTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String template() {
    return TEXT;
  }

  /** Renders the template; the header comments are left out of the rendered file. */
  public static String render(Map<String, String> vars) {
    StringBuilder out = new StringBuilder();
    for (String line : TEXT.split("\n", -1)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = VAR.matcher(line);
      boolean any = false;
      boolean allEmpty = true;
      StringBuilder rendered = new StringBuilder();
      while (m.find()) {
        any = true;
        String value = vars.getOrDefault(m.group(1), "");
        if (!value.isEmpty()) {
          allEmpty = false;
        }
        m.appendReplacement(rendered, Matcher.quoteReplacement(value));
      }
      m.appendTail(rendered);
      if (any && allEmpty) {
        continue;
      }
      out.append(rendered).append('\n');
    }
    return out.toString();
  }

  /**
   * Whether a node's rustfs.env configures the KMS: while the instance is encrypted, and also after
   * encryption is switched off once it has been on. Objects written under SSE-S3 keep needing their
   * KMS key to be read (switching off only stops encrypting new objects), so taking the KMS away
   * would make them unreadable. {@code currentEnv} is the node's rustfs.env as it is now, null for
   * a new node.
   */
  static boolean kms(InstancePlan plan, @Nullable String currentEnv) {
    return plan.encrypted() || (currentEnv != null && currentEnv.contains(KMS_ON));
  }

  private static final String KMS_ON = "RUSTFS_KMS_ENABLE=true";

  /** The variables for one node of an instance whose rustfs.env is now {@code currentEnv}. */
  public static Map<String, String> variables(
      InstancePlan plan,
      @Nullable String currentEnv,
      String address,
      String volumes,
      String hosts) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("root_user", plan.rootUser());
    v.put("root_secret", plan.rootSecret());
    v.put("address", address);
    v.put("console_address", "127.0.0.1:9001");
    v.put("volumes", volumes);
    v.put("region", "us-east-1");
    v.put("obs_level", "error");
    if (kms(plan, currentEnv)) {
      v.put("kms_enable", "true");
      v.put("kms_backend", "local");
      v.put("kms_key_dir", "/var/lib/rustfs/kms");
      v.put("kms_default_key_id", "s3aas-default");
    }
    if (plan.distributed() && plan.parity() != null) {
      v.put("storage_class", "EC:" + plan.parity());
    }
    v.put("hosts", hosts == null ? "" : hosts);
    return v;
  }
}
