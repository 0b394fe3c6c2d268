package io.exordos.s3aas.cli;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parser for the most common invocation, {@code s3ctl get ...} without {@code -w}, that skips
 * picocli.
 *
 * <p>Why: picocli builds its command model by reflecting over annotations. In a cold JVM that costs
 * 60-80 ms (annotation proxies are generated at run time and class-data sharing cannot archive
 * them; picocli's own classes are Java 5 class files, which CDS refuses), more than the HTTPS
 * request itself. {@code get} is what scripts and people run most, so it gets this path.
 *
 * <p>It accepts only a plain subset of the syntax: options and their values as separate words or as
 * {@code --long=value}, each option at most once, no {@code --}, no bundled short options. For
 * anything else, including every mistake, it returns null and picocli parses the command line with
 * its full help and error messages. {@code QuickGetTest} checks that whatever this accepts, picocli
 * reads the same way.
 */
final class QuickGet {
  private QuickGet() {}

  /** The ready-to-run command, or null when picocli should parse {@code args}. */
  static @Nullable GetCommand parse(String[] args) {
    S3ctl root = new S3ctl();
    GetCommand get = new GetCommand();
    boolean sawGet = false;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        if (!sawGet) {
          if (!a.equals("get")) {
            return null;
          }
          sawGet = true;
        } else {
          get.args.add(a);
        }
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      String canonical = canonical(name);
      if (canonical == null || !seen.add(canonical)) {
        return null; // unknown (or help, watch, ...) or repeated: picocli decides
      }
      if (!sawGet && !canonical.startsWith("global:")) {
        return null; // get's own options are only valid after "get"
      }
      if (takesValue(canonical)) {
        if (value == null) {
          if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
            return null;
          }
          value = args[++i];
        }
        if (!set(root, get, canonical, value)) {
          return null;
        }
      } else {
        if (value != null) {
          return null;
        }
        flag(root, get, canonical);
      }
    }
    if (!sawGet || get.args.isEmpty()) {
      return null;
    }
    get.root = root;
    return get;
  }

  /** One name per option whatever spelling was used; null for what this parser leaves alone. */
  private static @Nullable String canonical(String name) {
    return switch (name) {
      case "--kubeconfig" -> "global:kubeconfig";
      case "--context" -> "global:context";
      case "-n", "--namespace" -> "global:namespace";
      case "-s", "--server" -> "global:server";
      case "--token" -> "global:token";
      case "--insecure-skip-tls-verify" -> "global:insecure";
      case "--request-timeout" -> "global:request-timeout";
      case "-v", "--verbose" -> "global:verbose";
      case "-o", "--output" -> "output";
      case "-l", "--selector" -> "selector";
      case "--field-selector" -> "field-selector";
      case "-A", "--all-namespaces" -> "all-namespaces";
      case "--no-headers" -> "no-headers";
      default -> null;
    };
  }

  private static boolean takesValue(String canonical) {
    return switch (canonical) {
      case "global:insecure", "global:verbose", "all-namespaces", "no-headers" -> false;
      default -> true;
    };
  }

  private static boolean set(S3ctl root, GetCommand get, String canonical, String value) {
    S3ctl.Global g = root.global;
    switch (canonical) {
      case "global:kubeconfig" -> g.kubeconfig = value;
      case "global:context" -> g.context = value;
      case "global:namespace" -> g.namespace = value;
      case "global:server" -> g.server = value;
      case "global:token" -> g.token = value;
      case "global:request-timeout" -> {
        Duration d = Durations.tryParse(value);
        if (d == null) {
          return false; // picocli reports the bad duration
        }
        g.requestTimeout = d;
      }
      case "output" -> get.output = value;
      case "selector" -> get.selector = value;
      case "field-selector" -> get.fieldSelector = value;
      default -> throw new IllegalStateException(canonical);
    }
    return true;
  }

  private static void flag(S3ctl root, GetCommand get, String canonical) {
    switch (canonical) {
      case "global:insecure" -> root.global.insecure = true;
      case "global:verbose" -> root.global.verbose = true;
      case "all-namespaces" -> get.allNamespaces = true;
      case "no-headers" -> get.noHeaders = true;
      default -> throw new IllegalStateException(canonical);
    }
  }
}
