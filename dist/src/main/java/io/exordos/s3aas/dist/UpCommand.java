package io.exordos.s3aas.dist;

import io.exordos.s3aas.operator.OperatorConfig;
import io.exordos.s3aas.operator.S3aasOperator;
import io.exordos.s3aas.server.S3aasServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code s3aas up}: everything in one process on an embedded PostgreSQL: the API, and the operator
 * with data-plane nodes as local processes (a real rustfs binary when one is on PATH, else the
 * RustFS node emulator), with a kubeconfig ready for kubectl and s3ctl. Ctrl-C stops it cleanly;
 * state stays in S3AAS_HOME for the next start.
 */
@Command(name = "up", description = "Run the all-in-one product locally (what `make run` starts).")
final class UpCommand implements Callable<Integer> {
  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws InterruptedException {
    Home home = Home.fromEnvironment();
    RunLock lock = RunLock.acquire(home.dir());
    String token = home.adminToken();
    S3aasServer server;
    try {
      server = S3aasServer.start(options.toConfig(home, token));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    lock.listening(server.port());
    String url = server.url();
    Path kubeconfig =
        home.writeKubeconfig(
            url, home.ownerToken(server.tokens()), token, server.caCertificatePem());
    S3aasOperator operator;
    try {
      // The operator is a client of the API like any controller, even in one process.
      operator =
          S3aasOperator.start(
              OperatorConfig.forServer(
                  url,
                  token,
                  server.caCertificatePem(),
                  LocalMode.provisioner(home.dir().resolve("nodes"))));
    } catch (RuntimeException e) {
      server.close();
      lock.close();
      throw e;
    }
    // one /metrics for both: the server's series and the operator's (usage per instance and bucket)
    server.addMetricsSource(operator::metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  server.close();
                  lock.close();
                  stopped.countDown();
                },
                "shutdown"));
    System.out.printf("s3aas is up at %s%n", url);
    System.out.printf("  kubeconfig: %s%n", kubeconfig);
    System.out.printf("  try:        kubectl --kubeconfig %s apply -f examples/%n", kubeconfig);
    System.out.printf("Press Ctrl-C to stop; state is kept in %s%n", home.dir());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
