package io.exordos.s3aas.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.registry.ResourceType;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Creates through ResourceService directly (no HTTP), to split API cost from store cost. */
public final class StoreProbe {
  private StoreProbe() {}

  public static void main(String[] args) throws Exception {
    String db = "probe_" + Long.toHexString(System.nanoTime());
    try (Connection c =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
      c.createStatement().execute("create database " + db);
    }
    int threads = Integer.parseInt(args.length > 0 ? args[0] : "16");
    ServerConfig config =
        ServerConfig.defaults(Files.createTempDirectory("probe"), "probe-token-123456789")
            .withPort(0)
            .withDatabase("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
    try (S3aasServer server = S3aasServer.start(config)) {
      ResourceService service = server.service();
      ResourceType buckets =
          service.registry().find("s3aas.exordos.io", "v1alpha1", "buckets").orElseThrow();
      ObjectMapper json = new ObjectMapper();
      AtomicLong n = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    ObjectNode o = json.createObjectNode();
                    o.putObject("metadata").put("name", "p-" + n.incrementAndGet());
                    o.putObject("spec").put("instanceRef", "data");
                    service.create(buckets, "default", o, WriteOptions.DEFAULT);
                  }
                });
        w.start();
        workers.add(w);
      }
      System.out.printf("service creates: %.0f /s%n", ApiBenchmark.measure(n, stop, workers, 5));
    }
  }
}
