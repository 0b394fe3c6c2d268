package io.exordos.s3aas.emulator.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of {@code /etc/exordos_metapaas/rustfs.env} that decide how a node's RustFS starts:
 * {@code RUSTFS_ACCESS_KEY}, {@code RUSTFS_SECRET_KEY} and {@code RUSTFS_ADDRESS} ({@code
 * [host]:port}). Parsed like a systemd EnvironmentFile: {@code KEY=value} lines, {@code #}
 * comments, optional quotes.
 */
record RustfsEnv(String accessKey, String secretKey, String host, int port, String region) {
  static final String FILE_NAME = "rustfs.env";

  static Map<String, String> parse(String text) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String value = line.substring(eq + 1).strip();
      int hash = value.indexOf(" #");
      if (hash >= 0 && !value.startsWith("\"")) {
        value = value.substring(0, hash).strip();
      }
      if (value.length() >= 2
          && ((value.startsWith("\"") && value.endsWith("\""))
              || (value.startsWith("'") && value.endsWith("'")))) {
        value = value.substring(1, value.length() - 1);
      }
      vars.put(line.substring(0, eq).strip(), value);
    }
    return vars;
  }

  /**
   * Reads the settings; throws {@link IllegalArgumentException} where RustFS itself would refuse to
   * start.
   */
  static RustfsEnv from(String text) {
    Map<String, String> vars = parse(text);
    String ak = vars.get("RUSTFS_ACCESS_KEY");
    String sk = vars.get("RUSTFS_SECRET_KEY");
    if (ak == null || ak.length() < 3) {
      throw new IllegalArgumentException(
          "RUSTFS_ACCESS_KEY is missing or shorter than 3 characters");
    }
    if (sk == null || sk.length() < 8) {
      throw new IllegalArgumentException(
          "RUSTFS_SECRET_KEY is missing or shorter than 8 characters");
    }
    String address = vars.getOrDefault("RUSTFS_ADDRESS", ":9000");
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "RUSTFS_ADDRESS must be [host]:port, got '" + address + "'");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("RUSTFS_ADDRESS has no valid port: '" + address + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("RUSTFS_ADDRESS port out of range: " + port);
    }
    return new RustfsEnv(
        ak, sk, address.substring(0, colon), port, vars.getOrDefault("RUSTFS_REGION", "us-east-1"));
  }
}
