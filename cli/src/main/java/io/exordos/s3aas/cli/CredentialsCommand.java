package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "credentials",
    sortOptions = false,
    description = {
      "Show the S3 endpoint and the key pair of an access key.",
      "",
      "Reads the Secret the operator wrote (AccessKey status.secretName), so your token must be allowed to read Secrets."
    },
    footer = {
      "",
      "Examples:",
      "  s3ctl credentials reporting-app-key",
      "  eval \"$(s3ctl credentials reporting-app-key --format env)\"",
      "  s3ctl credentials reporting-app-key --format aws-profile && aws --profile reporting-app-key s3 ls"
    })
final class CredentialsCommand extends Base {
  @Parameters(paramLabel = "ACCESSKEY", description = "Name of the AccessKey (or accesskey/NAME).")
  String name;

  @Option(
      names = "--format",
      paramLabel = "text|env|aws-profile",
      defaultValue = "text",
      description =
          "text (default); env: export lines for eval; aws-profile: write a profile to ~/.aws/credentials and ~/.aws/config.")
  String format;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "With --format aws-profile: the profile name (default: the access key's name).")
  String profile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "us-east-1",
      description = "Region for env and aws-profile (default ${DEFAULT-VALUE}).")
  String region;

  @Override
  public Integer call() {
    if (!List.of("text", "env", "aws-profile").contains(format)) {
      throw new CliException(
          2,
          "--format must be text, env or aws-profile, not \"" + format + "\"" + suggestion(format));
    }
    String key = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
    if (name.contains("/")
        && !CliKinds.resolve(name.substring(0, name.indexOf('/'))).equals(CliKinds.ACCESS_KEY)) {
      throw new CliException(
          2, "credentials takes an AccessKey, not " + name.substring(0, name.indexOf('/')));
    }
    String ns = namespace();
    JsonNode ak = api().get(CliKinds.ACCESS_KEY.itemPath(ns, key));
    String secretName = ak.path("status").path("secretName").asText("");
    if (secretName.isEmpty()) {
      throw new CliException(
          "access key \""
              + key
              + "\" has no credentials yet ("
              + Progress.summary(ak)
              + ").\n"
              + "  The operator writes them once the key is ready: s3ctl wait accesskey/"
              + key
              + " --for=condition=Ready");
    }
    JsonNode secret;
    try {
      secret = api().get(CliKinds.SECRET.itemPath(ns, secretName));
    } catch (Api.ApiError e) {
      if (e.code == 403) {
        throw new CliException(
            "you may not read the Secret \""
                + secretName
                + "\" that holds the credentials of access key \""
                + key
                + "\" (403 Forbidden).\n  Ask an owner of the project to show them, or for a role that may read Secrets.");
      }
      if (e.code == 404) {
        throw new CliException(
            "access key \""
                + key
                + "\" names Secret \""
                + secretName
                + "\", which does not exist (yet): the operator may still be writing it, or it was deleted");
      }
      throw e;
    }
    String id = decode(secret, AccessKeySpecKeys.ACCESS_KEY_ID);
    String secretKey = decode(secret, AccessKeySpecKeys.SECRET_ACCESS_KEY);
    if (id == null || secretKey == null) {
      throw new CliException(
          "Secret \""
              + secretName
              + "\" has no "
              + (id == null
                  ? AccessKeySpecKeys.ACCESS_KEY_ID
                  : AccessKeySpecKeys.SECRET_ACCESS_KEY));
    }
    String endpoint = endpoint(ns, ak.path("spec").path("userRef").asText(""));
    switch (format) {
      case "env" -> {
        if (endpoint != null) {
          out.println("export AWS_ENDPOINT_URL=" + sh(endpoint));
        }
        out.println("export AWS_ACCESS_KEY_ID=" + sh(id));
        out.println("export AWS_SECRET_ACCESS_KEY=" + sh(secretKey));
        out.println("export AWS_REGION=" + sh(region));
      }
      case "aws-profile" -> writeProfile(profile != null ? profile : key, id, secretKey, endpoint);
      default -> {
        out.println(
            "Endpoint:           "
                + (endpoint != null ? endpoint : "<not ready: the instance has no endpoint yet>"));
        out.println("Access key ID:      " + id);
        out.println("Secret access key:  " + secretKey);
      }
    }
    return 0;
  }

  private static String suggestion(String typed) {
    String s = Suggest.closest(typed, List.of("text", "env", "aws-profile"));
    return s == null ? "" : " (did you mean " + s + "?)";
  }

  /** Secret keys as the operator writes them (AccessKeySpec.ACCESS_KEY_ID, SECRET_ACCESS_KEY). */
  static final class AccessKeySpecKeys {
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";

    private AccessKeySpecKeys() {}
  }

  private static @Nullable String decode(JsonNode secret, String k) {
    String s = secret.path("stringData").path(k).asText(null);
    if (s != null) {
      return s;
    }
    String b64 = secret.path("data").path(k).asText(null);
    return b64 == null
        ? null
        : new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** AccessKey → S3User.spec.instanceRef → S3Instance.status.endpoint. */
  private @Nullable String endpoint(String ns, String user) {
    if (user.isEmpty()) {
      return null;
    }
    String instance =
        api()
            .find(CliKinds.S3_USER.itemPath(ns, user))
            .map(u -> u.path("spec").path("instanceRef").asText(""))
            .orElse("");
    if (instance.isEmpty()) {
      return null;
    }
    return api()
        .find(CliKinds.S3_INSTANCE.itemPath(ns, instance))
        .map(i -> i.path("status").path("endpoint").asText(null))
        .orElse(null);
  }

  private static String sh(String v) {
    return v.matches("[A-Za-z0-9_./:@%+=,-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }

  private void writeProfile(String name, String id, String secretKey, @Nullable String endpoint) {
    String home = System.getProperty("user.home");
    Path credentials = Paths.get(envOr("AWS_SHARED_CREDENTIALS_FILE", home + "/.aws/credentials"));
    Path config = Paths.get(envOr("AWS_CONFIG_FILE", home + "/.aws/config"));
    replaceSection(
        credentials,
        name,
        List.of("aws_access_key_id = " + id, "aws_secret_access_key = " + secretKey));
    List<String> settings = new ArrayList<>(List.of("region = " + region));
    if (endpoint != null) {
      settings.add("endpoint_url = " + endpoint);
    }
    settings.add("s3 =");
    settings.add("    addressing_style = path");
    replaceSection(config, name.equals("default") ? "default" : "profile " + name, settings);
    out.println("Wrote profile \"" + name + "\" to " + credentials + " and " + config + ".");
    out.println(
        "Try: aws --profile "
            + name
            + (endpoint != null ? " --endpoint-url " + endpoint : "")
            + " s3 ls");
  }

  private static String envOr(String key, String fallback) {
    String v = Config.env.get(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * Replaces (or appends) {@code [section]} in an INI file, keeping everything else; the file stays
   * 0600.
   */
  static void replaceSection(Path file, String section, List<String> lines) {
    try {
      List<String> existing = Files.exists(file) ? Files.readAllLines(file) : List.of();
      List<String> result = new ArrayList<>();
      boolean skipping = false;
      for (String l : existing) {
        String t = l.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
          skipping = t.substring(1, t.length() - 1).trim().equals(section);
        }
        if (!skipping) {
          result.add(l);
        }
      }
      while (!result.isEmpty() && result.get(result.size() - 1).isBlank()) {
        result.remove(result.size() - 1);
      }
      if (!result.isEmpty()) {
        result.add("");
      }
      result.add("[" + section + "]");
      result.addAll(lines);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(file, result);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
