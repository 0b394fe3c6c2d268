package io.exordos.s3aas.server.watch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other server replicas that changes were committed, with one NOTIFY per burst.
 *
 * <p>Why not NOTIFY inside each write transaction: PostgreSQL serialises the commits of notifying
 * transactions on a global lock held through the commit's fsync, which capped write throughput at a
 * few hundred per second. Here writers only flip a flag after they commit; one thread per replica
 * sends a single NOTIFY for everything committed since its last one.
 */
public final class ChangeNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Semaphore pending = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;

  public ChangeNotifier(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.thread = new Thread(this::run, "change-notifier");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Called after a write commits; cheap and non-blocking. */
  public void signal() {
    if (pending.availablePermits() == 0) {
      pending.release();
    }
  }

  private void run() {
    while (running) {
      try (Connection conn = DriverManager.getConnection(jdbcUrl, user, password);
          Statement st = conn.createStatement()) {
        while (running) {
          if (!pending.tryAcquire(1, TimeUnit.SECONDS)) {
            continue;
          }
          pending.drainPermits();
          st.execute("NOTIFY " + WatchHub.CHANNEL);
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn("change notifier lost its database connection, retrying: {}", e.toString());
          pause();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void pause() {
    try {
      TimeUnit.SECONDS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
