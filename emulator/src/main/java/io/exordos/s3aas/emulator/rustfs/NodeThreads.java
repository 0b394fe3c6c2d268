package io.exordos.s3aas.emulator.rustfs;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One thread pool for every node emulator in the JVM. A Jetty server of its own per node kept at
 * least eight threads per node, about 10,500 threads for the 1,000 nodes of a scale run; with the
 * pool shared, a node costs only the acceptor and selector its connector holds, and request threads
 * go where the requests are. The pool is started before any server gets it, so a node's server
 * treats it as someone else's and leaves it running when the node stops.
 */
final class NodeThreads {
  /** A bound, not a size: threads are made on demand and ended after a minute idle. */
  private static final int MAX_THREADS = 50_000;

  private static final int MIN_THREADS = 8;
  private static final int IDLE_TIMEOUT_MS = 60_000;

  private static final QueuedThreadPool POOL = start();

  private NodeThreads() {}

  static QueuedThreadPool pool() {
    return POOL;
  }

  private static QueuedThreadPool start() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_TIMEOUT_MS);
    pool.setName("rustfs-node");
    pool.setDaemon(true);
    try {
      pool.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the node emulators' thread pool", e);
    }
    return pool;
  }
}
