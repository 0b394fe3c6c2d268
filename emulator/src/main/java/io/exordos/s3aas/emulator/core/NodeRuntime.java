package io.exordos.s3aas.emulator.core;

import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "processes" on emulated VMs: one RustFS node emulator per Core node, bound to the node's own
 * loopback address and started, restarted or stopped the way systemd would on the real VM.
 *
 * <p>VMs boot side by side: starts run on a few threads of their own, in order for each node (a
 * later config's restart never overtakes an earlier start), so a thousand node sets do not queue
 * behind one another on Core's scheduler thread. A stop or a destroy is done at once, under the
 * node's own monitor, and a destroyed node is never started again.
 */
final class NodeRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  /** Enough to keep both cores busy while a start waits on a bind or a class load. */
  private static final int STARTER_THREADS = 4;

  private final @Nullable Path dataRoot;
  // the machine's clock, which the nodes' RustFS processes share
  private final Clock clock;
  private final Map<String, RustfsNode> running = new ConcurrentHashMap<>();

  /** Nodes whose RustFS was stopped but whose disk (state) must survive a later start. */
  private final Map<String, RustfsNode> stopped = new ConcurrentHashMap<>();

  /** VMs deleted for good: a start still queued for one of them does nothing. */
  private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

  private final Map<String, Object> monitors = new ConcurrentHashMap<>();

  /** The last start queued for each node; the next one runs after it. */
  private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();

  private final ExecutorService starters;

  NodeRuntime(@Nullable Path dataRoot, Clock clock) {
    this.clock = clock;
    this.dataRoot = dataRoot;
    AtomicInteger n = new AtomicInteger();
    this.starters =
        Executors.newFixedThreadPool(
            STARTER_THREADS,
            r -> {
              Thread t = new Thread(r, "exordos-node-runtime-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Queues {@link #applyEnv} for {@code nodeUuid} behind the node's earlier starts and returns at
   * once: the caller (Core's config apply) must not wait for a server to start.
   */
  void applyEnvLater(String nodeUuid, String ipv4, String envText, boolean restart) {
    queues.compute(
        nodeUuid,
        (k, tail) ->
            (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenRunAsync(() -> applyEnvLogged(nodeUuid, ipv4, envText, restart), starters));
  }

  private void applyEnvLogged(String nodeUuid, String ipv4, String envText, boolean restart) {
    try {
      applyEnv(nodeUuid, ipv4, envText, restart);
    } catch (RuntimeException e) {
      // keeps the node's queue going: its next config is applied all the same
      LOG.warn("RustFS on node {} could not be (re)started", nodeUuid, e);
    }
  }

  /**
   * Applies a rustfs.env for {@code nodeUuid}: starts RustFS if it is not running, restarts it when
   * {@code restart} (the config's on_change runs a command), else leaves the running process alone.
   */
  void applyEnv(String nodeUuid, String ipv4, String envText, boolean restart) {
    synchronized (monitor(nodeUuid)) {
      if (destroyed.contains(nodeUuid)) {
        return;
      }
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
            "RustFS on node {} failed to bind {}:{}: {}",
            nodeUuid,
            ipv4,
            env.port(),
            e.getMessage());
        if (previous != null) {
          stopped.put(nodeUuid, previous);
        }
      }
    }
  }

  void stop(String nodeUuid) {
    synchronized (monitor(nodeUuid)) {
      RustfsNode node = running.remove(nodeUuid);
      if (node != null) {
        node.stop();
        stopped.put(nodeUuid, node);
      }
    }
  }

  /** The node is gone for good (VM deleted): its disk goes with it. */
  void destroy(String nodeUuid) {
    synchronized (monitor(nodeUuid)) {
      destroyed.add(nodeUuid);
      stop(nodeUuid);
      stopped.remove(nodeUuid);
    }
    queues.remove(nodeUuid);
  }

  Optional<RustfsNode> node(String nodeUuid) {
    return Optional.ofNullable(running.get(nodeUuid));
  }

  void stopAll() {
    starters.shutdownNow();
    try {
      // a start under way finishes (or fails) before its server is stopped below
      starters.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running.keySet().forEach(this::destroy);
    stopped.clear();
  }

  private Object monitor(String nodeUuid) {
    return monitors.computeIfAbsent(nodeUuid, k -> new Object());
  }
}
