package io.exordos.s3aas.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * (c) kill -9 of the operator at random points of provisioning and deletion, the first kills right
 * after start-up, in Exordos mode against the Core emulator (a process of its own, so node sets
 * outlive the operator as they do on a real Core). Goals: every instance converges with exactly one
 * node set; after deletion nothing is left: no object held by a finalizer, no node set, no config.
 */
final class OperatorKill implements Chaos.Scenario {
  static final int INSTANCES = 3;
  static final int KILLS_PROVISIONING = 6;
  static final int KILLS_DELETION = 4;
  static final String PROJECT = "4d657461-0000-0000-0000-000000000002";
  static final String API = "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/";
  private static final String CORE_PASSWORD = "chaos-core-password";

  private final Random random = new Random();
  private int operatorRuns;

  @Override
  public void run(Report report, Path dir) throws Exception {
    int corePort = Ports.free();
    Path coreLog = dir.resolve("core.log");
    try (Postgres pg = Postgres.start();
        ApiServer server = new ApiServer(dir, pg).start();
        Proc core =
            Proc.start(
                "Core emulator",
                coreLog,
                Map.of(),
                List.of(
                    Chaos.s3aas(),
                    "emulator",
                    "exordos",
                    "--port",
                    Integer.toString(corePort),
                    "--admin-user",
                    "admin",
                    "--admin-password",
                    CORE_PASSWORD,
                    "--data-root",
                    dir.resolve("core-data").toString()))) {
      String lb = "http://127.0.0.1:" + corePort + "/api/core";
      Await.until(
          "the Core emulator listens",
          60,
          () -> {
            if (!core.alive()) {
              throw new IllegalStateException("the Core emulator ended; see " + coreLog);
            }
            return logSays(coreLog, "listening on");
          });
      Http api = server.http();
      Http coreApi = new Http(lb, coreToken(lb));

      for (int i = 0; i < INSTANCES; i++) {
        must(api.post(API + "s3instances", instance("s3-" + i, "data-" + i)));
        must(api.post(API + "buckets", bucket("b-" + i, "s3-" + i)));
      }
      long t0 = System.nanoTime();
      killAtRandom(report, dir, server, lb, KILLS_PROVISIONING, "provisioning");
      Proc operator = operator(dir, server, lb);
      try {
        Await.until("every instance and bucket is ACTIVE", 300, () -> allActive(api));
        report.figure(
            "provisioning: first create to all ACTIVE, through " + KILLS_PROVISIONING + " kills",
            (System.nanoTime() - t0) / 1_000_000 + " ms");
        Map<String, Integer> sets = nodeSetsPerInstance(coreApi);
        report.figure("node sets per instance", sets);
        long notOne = sets.values().stream().filter(n -> n != 1).count();
        report.atMost(
            "instances without exactly one node set", notOne + (INSTANCES - sets.size()), 0);

        for (int i = 0; i < INSTANCES; i++) {
          must(api.delete(API + "buckets/b-" + i));
          must(api.delete(API + "s3instances/s3-" + i));
        }
      } finally {
        operator.kill();
      }
      long t1 = System.nanoTime();
      killAtRandom(report, dir, server, lb, KILLS_DELETION, "deletion");
      operator = operator(dir, server, lb);
      try {
        boolean gone = awaitQuietly(180, () -> left(api).isEmpty());
        report.figure(
            "deletion: delete to all gone, through " + KILLS_DELETION + " kills",
            gone ? (System.nanoTime() - t1) / 1_000_000 + " ms" : "not within 180 s");
        report.atMost("objects stuck (finalizer never removed)", left(api).size(), 0);
        awaitQuietly(30, () -> coreCount(coreApi, "/v1/compute/sets/") == 0);
        report.atMost("orphan node sets in Core", coreCount(coreApi, "/v1/compute/sets/"), 0);
        report.atMost("orphan configs in Core", coreCount(coreApi, "/v1/config/configs/"), 0);
      } finally {
        operator.close();
      }
      report.figure("operator processes started", operatorRuns);
    }
  }

  /** Starts the operator and kills it after a random time, {@code kills} times. */
  private void killAtRandom(
      Report report, Path dir, ApiServer server, String lb, int kills, String phase) {
    List<Long> at = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      Proc operator = operator(dir, server, lb);
      // the first kills land during start-up (JVM, informers' first lists), later ones at work
      long after = k < 2 ? 300 + random.nextInt(1_500) : 2_000 + random.nextInt(6_000);
      Await.sleep(after);
      operator.kill();
      at.add(after);
    }
    report.figure(phase + ": kill -9 after (ms from start)", at);
  }

  private Proc operator(Path dir, ApiServer server, String lb) {
    operatorRuns++;
    return Proc.start(
        "s3aas operator",
        dir.resolve("operator-" + operatorRuns + ".log"),
        Map.of("S3AAS_HOME", dir.resolve("operator-home").toString()),
        List.of(
            Chaos.s3aas(),
            "operator",
            "--server",
            server.url(),
            "--token",
            server.token(),
            "--namespace",
            "default",
            "--provisioner",
            "exordos",
            "--exordos-url",
            lb,
            "--exordos-user",
            "admin",
            "--exordos-password",
            CORE_PASSWORD,
            "--exordos-project",
            PROJECT,
            "--poll-interval",
            "PT5S"));
  }

  private static boolean allActive(Http api) {
    for (String kind : List.of("s3instances", "buckets")) {
      Http.Answer list = api.get(API + kind);
      if (!list.ok() || list.json().path("items").size() != INSTANCES) {
        return false;
      }
      for (JsonNode o : list.json().path("items")) {
        if (!o.at("/status/phase").asText().equals("ACTIVE")) {
          return false;
        }
      }
    }
    return true;
  }

  /** Instances and buckets still present (each held by a finalizer: deletion was asked). */
  private static List<String> left(Http api) {
    List<String> names = new ArrayList<>();
    for (String kind : List.of("s3instances", "buckets")) {
      Http.Answer list = api.get(API + kind);
      if (!list.ok()) {
        names.add(kind + ": list failed " + list.status());
        continue;
      }
      list.json()
          .path("items")
          .forEach(o -> names.add(kind + "/" + o.at("/metadata/name").asText()));
    }
    return names;
  }

  /** Node sets by the instance named in their description ("s3aas instance ns/name"). */
  private static Map<String, Integer> nodeSetsPerInstance(Http core) {
    Http.Answer sets = core.get("/v1/compute/sets/");
    if (!sets.ok()) {
      throw new IllegalStateException("Core answered " + sets.status() + " to the node set list");
    }
    Map<String, Integer> perInstance = new TreeMap<>();
    sets.json().forEach(s -> perInstance.merge(s.path("description").asText(), 1, Integer::sum));
    return perInstance;
  }

  private static int coreCount(Http core, String path) {
    Http.Answer list = core.get(path);
    if (!list.ok()) {
      throw new IllegalStateException("Core answered " + list.status() + " to " + path);
    }
    return list.json().size();
  }

  private static String coreToken(String lb) {
    String form =
        "grant_type=password&username=admin&password="
            + URLEncoder.encode(CORE_PASSWORD, StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode("project:" + PROJECT, StandardCharsets.UTF_8);
    Http.Answer a =
        new Http(lb, "none")
            .send(
                "POST",
                "/v1/iam/clients/default/actions/get_token/invoke",
                "application/x-www-form-urlencoded",
                form);
    if (!a.ok()) {
      throw new IllegalStateException("Core refused a token: " + a.status() + " " + a.json());
    }
    return a.json().path("access_token").asText();
  }

  private static boolean awaitQuietly(int seconds, java.util.function.BooleanSupplier condition) {
    try {
      Await.until("", seconds, condition);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static boolean logSays(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void must(Http.Answer a) {
    if (!a.ok()) {
      throw new IllegalStateException("the API answered " + a.status() + " " + a.json());
    }
  }

  private static Map<String, Object> instance(String name, String bucket) {
    return Map.of(
        "apiVersion",
        "s3aas.exordos.io/v1alpha1",
        "kind",
        "S3Instance",
        "metadata",
        Map.of("name", name),
        "spec",
        Map.of(
            "version", "0.0.1",
            "bucketName", bucket,
            "cpu", 1,
            "ramMb", 1024,
            "diskSizeGb", 10,
            "nodes", 1));
  }

  private static Map<String, Object> bucket(String name, String instance) {
    return Map.of(
        "apiVersion",
        "s3aas.exordos.io/v1alpha1",
        "kind",
        "Bucket",
        "metadata",
        Map.of("name", name),
        "spec",
        Map.of("instanceRef", instance, "deletionPolicy", "Delete"));
  }
}
