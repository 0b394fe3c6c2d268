package io.exordos.s3aas.dist;

import io.exordos.s3aas.server.S3aasServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s3aas server}: the resource API alone, for production (any number of replicas). */
@Command(name = "server", description = "Run the resource API server.")
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerOptions options = new ServerOptions();

  @Option(
      names = "--token-file",
      description =
          "File holding the admin bearer token (default: S3AAS_HOME/admin-token, created if missing).")
  java.nio.file.@Nullable Path tokenFile;

  @Override
  public Integer call() throws Exception {
    Home home = Home.fromEnvironment();
    String token =
        tokenFile != null ? java.nio.file.Files.readString(tokenFile).trim() : home.adminToken();
    // On the embedded database, the state directory is this process's alone.
    RunLock lock = options.db.url == null ? RunLock.acquire(home.dir()) : null;
    S3aasServer server;
    try {
      server = S3aasServer.start(options.toConfig(home, token));
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
    if (lock != null) {
      lock.listening(server.port());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (lock != null) {
                    lock.close();
                  }
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
