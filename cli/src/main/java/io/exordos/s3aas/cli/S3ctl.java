package io.exordos.s3aas.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code s3ctl}: the kubectl-like CLI of s3aas. Exit codes: 0 success, 1 error (server, file,
 * network, timeout), 2 usage (bad option, unknown kind or command).
 *
 * <p>Start-up matters: only the subcommand being run is registered with picocli, mappers are built
 * lazily, and the launcher script uses an AppCDS archive.
 */
@Command(
    name = "s3ctl",
    mixinStandardHelpOptions = false,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Drive s3aas: S3 instances, buckets, policies, users and access keys.",
    footer = {
      "",
      "Configuration: --kubeconfig, else contexts in $S3AAS_HOME/s3ctl.yaml (s3ctl config),",
      "else KUBECONFIG, else $S3AAS_HOME/kubeconfig (written by `make run` / `s3aas up`; S3AAS_HOME defaults to ~/.s3aas).",
      "Exit codes: 0 ok, 1 error, 2 usage."
    })
public final class S3ctl implements Callable<Integer> {
  static PrintStream OUT =
      new PrintStream(
          new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 14),
          false,
          StandardCharsets.UTF_8);
  static PrintStream ERR =
      new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  /**
   * Subcommand names; {@link #newCommand} instantiates only the one being run (no lambdas: cheaper
   * start-up).
   */
  static final List<String> COMMANDS =
      List.of(
          "apply",
          "get",
          "describe",
          "delete",
          "wait",
          "credentials",
          "config",
          "version",
          "completion");

  /** Commands that never call the server. */
  private static final List<String> OFFLINE_COMMANDS = List.of("config", "version", "completion");

  static Object newCommand(String name) {
    return switch (name) {
      case "apply" -> new ApplyCommand();
      case "get" -> new GetCommand();
      case "describe" -> new DescribeCommand();
      case "delete" -> new DeleteCommand();
      case "wait" -> new WaitCommand();
      case "credentials" -> new CredentialsCommand();
      case "config" -> new ConfigCommand();
      case "version" -> new VersionCommand();
      case "completion" -> new CompletionCommand();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Options every command takes. */
  static final class Global {
    @Option(
        names = "--kubeconfig",
        paramLabel = "FILE",
        scope = ScopeType.INHERIT,
        description =
            "Use this kubeconfig instead of s3ctl's contexts, KUBECONFIG or $S3AAS_HOME/kubeconfig.")
    @Nullable String kubeconfig;

    @Option(
        names = "--context",
        paramLabel = "NAME",
        scope = ScopeType.INHERIT,
        description = "The context to use.")
    @Nullable String context;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        scope = ScopeType.INHERIT,
        description = "Namespace (MetaPaaS project); default: the context's, else default.")
    @Nullable String namespace;

    @Option(
        names = {"-s", "--server"},
        paramLabel = "URL",
        scope = ScopeType.INHERIT,
        description = "API server URL.")
    @Nullable String server;

    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        scope = ScopeType.INHERIT,
        description = "Bearer token.")
    @Nullable String token;

    @Option(
        names = "--insecure-skip-tls-verify",
        scope = ScopeType.INHERIT,
        description = "Do not check the server's certificate (not for production).")
    boolean insecure;

    @Option(
        names = "--request-timeout",
        paramLabel = "DURATION",
        scope = ScopeType.INHERIT,
        converter = Durations.class,
        description =
            "How long one request may take (e.g. 30s); watches are not limited. Default: 30s.")
    Duration requestTimeout = Duration.ofSeconds(30);

    @Option(
        names = {"-v", "--verbose"},
        scope = ScopeType.INHERIT,
        description = "Print each HTTP request to stderr.")
    boolean verbose;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        scope = ScopeType.INHERIT,
        description = "Show this help.")
    boolean help;
  }

  @CommandLine.Mixin Global global = new Global();

  @Spec CommandSpec spec;

  private Config.@Nullable Context context;
  private @Nullable Api api;

  Config.Context context() {
    if (context == null) {
      context = Config.resolve(global);
      trace("config resolved");
    }
    return context;
  }

  Api api() {
    if (api == null) {
      api = new Api(context(), global.verbose, global.requestTimeout);
    }
    return api;
  }

  /** The namespace to use: -n, else the context's (default "default"). */
  String namespace() {
    String fromContext = context().namespace(); // resolve() defaults it to "default"
    return global.namespace != null
        ? global.namespace
        : fromContext != null ? fromContext : "default";
  }

  boolean namespaceGiven() {
    return global.namespace != null;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(OUT);
    return 0;
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = S3ctl.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // no version file: development build
    }
    return p.getProperty("version", "dev");
  }

  /** Builds the command line with all subcommands, or only the one {@code args} runs. */
  static CommandLine commandLine(String[] args) {
    S3ctl root = new S3ctl();
    CommandLine cl = new CommandLine(root);
    String wanted = subcommand(args);
    for (String name : COMMANDS) {
      if (wanted == null || wanted.equals(name)) {
        cl.addSubcommand(name, newCommand(name));
      }
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new java.io.PrintWriter(OUT, true, StandardCharsets.UTF_8));
    cl.setErr(new java.io.PrintWriter(ERR, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((ex, line, parsed) -> handle(ex, root));
    cl.setParameterExceptionHandler(S3ctl::usageError);
    return cl;
  }

  /** The first argument that is not a global option (or its value), if it names a known command. */
  static @Nullable String subcommand(String[] args) {
    String first = firstWord(args);
    return first != null && COMMANDS.contains(first) ? first : null;
  }

  static @Nullable String firstWord(String[] args) {
    List<String> withValue =
        List.of(
            "--kubeconfig",
            "--context",
            "-n",
            "--namespace",
            "-s",
            "--server",
            "--token",
            "--request-timeout");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (withValue.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    ERR.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, ERR);
    ERR.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    return 2;
  }

  static int handle(Exception ex, S3ctl root) {
    OUT.flush();
    if (ex instanceof CliException c) {
      ERR.println("error: " + c.getMessage());
      return c.exitCode();
    }
    if (ex instanceof CommandLine.ParameterException p) {
      return usageError(p, new String[0]);
    }
    ERR.println("error: " + ex);
    if (root.global.verbose) {
      ex.printStackTrace(ERR);
    }
    return 1;
  }

  private static final long T0 = System.nanoTime();
  private static final boolean TRACE = System.getenv("S3CTL_TRACE") != null;

  /** With S3CTL_TRACE set: milliseconds since main started, for start-up work. */
  static void trace(String what) {
    if (TRACE) {
      ERR.printf("[trace] %6.1f ms %s%n", (System.nanoTime() - T0) / 1e6, what);
    }
  }

  /** Runs one command line: {@code get} through {@link QuickGet} when it can, else picocli. */
  static int run(String[] args) {
    if (!OFFLINE_COMMANDS.contains(String.valueOf(firstWord(args)))) {
      Tls.warmUp();
    }
    GetCommand quick = QuickGet.parse(args);
    if (quick != null) {
      trace("command line parsed (quick)");
      try {
        return quick.call();
      } catch (RuntimeException e) {
        return handle(e, quick.root());
      }
    }
    CommandLine cl = commandLine(args);
    trace("command line built");
    return cl.execute(args);
  }

  public static void main(String[] args) {
    trace("main");
    int code;
    if (args.length == 1 && args[0].equals("--s3ctl-create-cds")) {
      code = Training.run();
    } else {
      String first = firstWord(args);
      if (first != null && !COMMANDS.contains(first)) {
        String best = Suggest.closest(first, COMMANDS);
        ERR.println(
            "error: unknown command \""
                + first
                + "\" for \"s3ctl\""
                + (best != null ? "; did you mean \"" + best + "\"?" : ""));
        ERR.println("Commands: " + String.join(", ", COMMANDS) + ". See 's3ctl --help'.");
        System.exit(2);
      }
      code = run(args);
    }
    OUT.flush();
    trace("done");
    System.exit(code);
  }
}
