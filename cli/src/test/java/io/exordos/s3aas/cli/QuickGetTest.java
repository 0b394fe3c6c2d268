package io.exordos.s3aas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@link QuickGet} must read every command line it accepts exactly as picocli does, and leave to
 * picocli everything else (help, watch, mistakes), so that users see one CLI whichever path ran.
 */
class QuickGetTest {
  /** What a parsed get command will do: its own fields and the global options. */
  private static List<Object> meaning(GetCommand get, S3ctl root) {
    S3ctl.Global g = root.global;
    return List.of(
        List.copyOf(get.args),
        String.valueOf(get.output),
        String.valueOf(get.selector),
        String.valueOf(get.fieldSelector),
        get.allNamespaces,
        get.noHeaders,
        get.watch,
        String.valueOf(g.kubeconfig),
        String.valueOf(g.context),
        String.valueOf(g.namespace),
        String.valueOf(g.server),
        String.valueOf(g.token),
        g.insecure,
        g.verbose,
        g.requestTimeout);
  }

  private static List<Object> picocliMeaning(String[] args) {
    CommandLine cl = S3ctl.commandLine(args);
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    GetCommand get = (GetCommand) parsed.subcommand().commandSpec().userObject();
    return meaning(get, (S3ctl) cl.getCommandSpec().userObject());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get s3instances",
        "get s3i",
        "get s3i data",
        "get s3i data other",
        "get s3i/data bkt/reports",
        "get s3i,bkt -o wide",
        "get bkt -o yaml",
        "get bkt --output json",
        "get bkt --output=name",
        "get s3i -o jsonpath={.items[*].metadata.name}",
        "get key -A -l app=reporting,tier!=db",
        "get key --all-namespaces --selector app=x --field-selector metadata.name=k",
        "get s3i --no-headers",
        "-n team get s3i",
        "get s3i -n team",
        "get s3i --namespace=team",
        "--kubeconfig /tmp/kc get s3i",
        "get s3i --kubeconfig=/tmp/kc --context local",
        "get s3i -s https://127.0.0.1:9443 --token abc --insecure-skip-tls-verify",
        "get s3i --request-timeout 5s -v",
        "get s3i --request-timeout=1m30s --verbose",
        "--context=local --server=https://h:1 get usr",
      })
  void acceptsWhatPicocliReadsTheSameWay(String line) {
    String[] args = line.split(" ");
    GetCommand quick = QuickGet.parse(args);
    assertThat(quick).as("QuickGet should accept: %s", line).isNotNull();
    assertThat(meaning(quick, quick.root())).isEqualTo(picocliMeaning(args));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "get",
        "get -h",
        "get s3i --help",
        "get s3i -w",
        "get s3i --watch",
        "get s3i -owide",
        "get s3i -Ao wide",
        "get s3i -o",
        "get s3i -o yaml -o json",
        "get s3i -n a --namespace b",
        "get s3i --no-headers=true",
        "get s3i --request-timeout soon",
        "get s3i --bogus",
        "get -- s3i",
        "-A get s3i",
        "-o yaml get s3i",
        "describe s3i data",
        "s3i get",
        "getx s3i",
      })
  void leavesEverythingElseToPicocli(String line) {
    assertThat(QuickGet.parse(line.split(" "))).as(line).isNull();
  }
}
