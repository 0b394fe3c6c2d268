package io.exordos.s3aas.emulator.core;

import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "processes" on emulated VMs: one RustFS node emulator per Core node, bound to the node's own
 * loopback address and started, restarted or stopped the way systemd would on the real VM.
 */
final class NodeRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final @Nullable Path dataRoot;
  // the machine's clock, which the nodes' RustFS processes share
  private final Clock clock;
  private final Map<String, RustfsNode> running = new ConcurrentHashMap<>();

  /** Nodes whose RustFS was stopped but whose disk (state) must survive a later start. */
  private final Map<String, RustfsNode> stopped = new ConcurrentHashMap<>();

  NodeRuntime(@Nullable Path dataRoot, Clock clock) {
    this.clock = clock;
    this.dataRoot = dataRoot;
  }

  /**
   * Applies a rustfs.env for {@code nodeUuid}: starts RustFS if it is not running, restarts it when
   * {@code restart} (the config's on_change runs a command), else leaves the running process alone.
   */
  synchronized void applyEnv(String nodeUuid, String ipv4, String envText, boolean restart) {
    RustfsNode current = running.get(nodeUuid);
    if (current != null && !restart) {
      return;
    }
    RustfsEnv env;
    try {
      env = RustfsEnv.from(envText);
      if (!env.host().isEmpty() && !env.host().equals("0.0.0.0") && !env.host().equals(ipv4)) {
        throw new IllegalArgumentException(
            "RUSTFS_ADDRESS host " + env.host() + " is not an address of node " + ipv4);
      }
    } catch (IllegalArgumentException e) {
      // Like a unit that fails to start: the config is written, the service is down.
      LOG.warn("RustFS on node {} cannot start: {}", nodeUuid, e.getMessage());
      stop(nodeUuid);
      return;
    }
    RustfsNode.Config cfg =
        new RustfsNode.Config(
            ipv4,
            env.port(),
            env.accessKey(),
            env.secretKey(),
            dataRoot == null ? null : dataRoot.resolve(nodeUuid),
            env.region(),
            clock);
    RustfsNode previous = current != null ? current : stopped.remove(nodeUuid);
    try {
      running.put(
          nodeUuid, previous == null ? RustfsNode.start(cfg) : RustfsNode.restart(previous, cfg));
    } catch (RuntimeException e) {
      LOG.warn(
          "RustFS on node {} failed to bind {}:{}: {}", nodeUuid, ipv4, env.port(), e.getMessage());
      if (previous != null) {
        stopped.put(nodeUuid, previous);
      }
    }
  }

  synchronized void stop(String nodeUuid) {
    RustfsNode node = running.remove(nodeUuid);
    if (node != null) {
      node.stop();
      stopped.put(nodeUuid, node);
    }
  }

  /** The node is gone for good (VM deleted): its disk goes with it. */
  synchronized void destroy(String nodeUuid) {
    stop(nodeUuid);
    stopped.remove(nodeUuid);
  }

  Optional<RustfsNode> node(String nodeUuid) {
    return Optional.ofNullable(running.get(nodeUuid));
  }

  synchronized void stopAll() {
    running.keySet().forEach(this::destroy);
    stopped.clear();
  }
}
