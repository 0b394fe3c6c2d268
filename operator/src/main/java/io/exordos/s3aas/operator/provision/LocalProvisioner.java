package io.exordos.s3aas.operator.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances as local processes, for {@code make run} and {@code s3aas up}: each node is started by
 * the {@link LocalNodes} given (a real {@code rustfs} binary, or in local mode the RustFS node
 * emulator), on 127.0.0.1 and a free port that is kept in the node's directory so restarts keep the
 * endpoint. State lives under {@code stateDir/<node set uuid>/node-<n>/} and survives operator
 * restarts; {@link #close()} stops the nodes (they start again on the next {@link #ensure}), {@link
 * #delete} removes them and their data.
 */
public final class LocalProvisioner implements Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProvisioner.class);

  private final Path stateDir;
  private final LocalNodes starter;
  private final Map<String, LocalNodes.Node> running = new ConcurrentHashMap<>();
  private final HttpClient health =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public LocalProvisioner(ProvisionerConfig.Local config) {
    this.stateDir = config.stateDir();
    this.starter = config.nodes();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public synchronized ProvisionResult ensure(InstancePlan plan) throws IOException {
    List<ProvisionResult.NodeAddress> nodes = new ArrayList<>();
    for (int i = 1; i <= plan.nodes(); i++) {
      Path dir = stateDir.resolve(plan.nodeSetUuid().toString()).resolve("node-" + i);
      Files.createDirectories(dir.resolve("data"));
      String id = Uuids.v5(plan.nodeSetUuid(), "local-node-" + i).toString();
      int port = port(dir);
      Path envFile = dir.resolve("rustfs.env");
      String current = Files.exists(envFile) ? Files.readString(envFile) : null;
      String env =
          RustfsEnvTemplate.render(
              RustfsEnvTemplate.variables(
                  plan, current, "127.0.0.1:" + port, dir.resolve("data").toString(), ""));
      boolean changed = !env.equals(current);
      if (changed) {
        Files.writeString(envFile, env, StandardCharsets.UTF_8);
      }
      LocalNodes.Node node = running.get(id);
      if (node != null && (changed || !node.alive())) {
        node.stop();
        running.remove(id);
        node = null;
      }
      if (node == null) {
        node = start(plan, dir, port, env);
        running.put(id, node);
      }
      nodes.add(new ProvisionResult.NodeAddress(id, "127.0.0.1", port));
    }
    for (ProvisionResult.NodeAddress n : nodes) {
      if (!ready(n)) {
        return ProvisionResult.provisioning(
            nodes, true, "WaitingForRustFS", "local RustFS on port " + n.port() + " is starting");
      }
    }
    return ProvisionResult.ready(nodes);
  }

  private LocalNodes.Node start(InstancePlan plan, Path dir, int port, String env)
      throws IOException {
    try {
      return starter.start(plan, dir, port, parseEnv(env));
    } catch (RuntimeException e) {
      // the remembered port was taken by someone else meanwhile: pick a new one
      Files.deleteIfExists(dir.resolve("port"));
      int fresh = port(dir);
      LOG.warn("port {} is taken; local node moves to {}", port, fresh);
      return starter.start(plan, dir, fresh, parseEnv(env));
    }
  }

  static Map<String, String> parseEnv(String env) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : env.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        vars.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return vars;
  }

  private static int port(Path dir) throws IOException {
    Path file = dir.resolve("port");
    if (Files.exists(file)) {
      return Integer.parseInt(Files.readString(file).trim());
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(file, Integer.toString(port));
    return port;
  }

  private boolean ready(ProvisionResult.NodeAddress n) {
    return NodeHealth.ready(health, n, Duration.ofSeconds(2));
  }

  @Override
  public synchronized boolean delete(InstancePlan plan) {
    for (int i = 1; i <= Math.max(plan.nodes(), 16); i++) {
      LocalNodes.Node node =
          running.remove(Uuids.v5(plan.nodeSetUuid(), "local-node-" + i).toString());
      if (node != null) {
        node.stop();
      }
    }
    deleteTree(stateDir.resolve(plan.nodeSetUuid().toString()));
    return true;
  }

  /** Whether any node of this instance runs (for tests). */
  public boolean running(InstancePlan plan) {
    return running.containsKey(Uuids.v5(plan.nodeSetUuid(), "local-node-1").toString());
  }

  @Override
  public synchronized void close() {
    running.values().forEach(LocalNodes.Node::stop);
    running.clear();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
