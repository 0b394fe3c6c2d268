package io.exordos.s3aas.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteType;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;

/** The connection pool, the schema migrations and the jOOQ context over them. */
public final class Database implements AutoCloseable {
  /**
   * How long one connection request waits before failing; a request may make several (jOOQ acquires
   * again to end a failed transaction), so with PostgreSQL down it is answered 503 in a few
   * seconds.
   */
  static final int CONNECTION_TIMEOUT_MS = 1_500;

  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final MeterRegistry metrics;

  private Database(
      HikariDataSource dataSource,
      String jdbcUrl,
      String user,
      String password,
      MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    DefaultConfiguration config = new DefaultConfiguration();
    config.set(dataSource);
    config.set(SQLDialect.POSTGRES);
    config.set(new Settings().withExecuteLogging(false));
    config.set(new DefaultExecuteListenerProvider(new QueryTimer(metrics)));
    this.dsl = DSL.using(config);
    this.metrics = metrics;
  }

  /** Connects, then brings the schema to the newest migration (safe with several replicas). */
  public static Database connect(
      String jdbcUrl, String user, String password, int poolSize, MeterRegistry metrics) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("s3aas-db");
    // With PostgreSQL unreachable a request fails within seconds (and is answered 503, see
    // DatabaseUnavailable) instead of waiting 30 s for a connection that cannot come.
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("connectTimeout", "3"); // seconds, for the TCP connect itself
    config.addDataSourceProperty("tcpKeepAlive", "true");
    HikariDataSource ds = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, jdbcUrl, user, password, metrics);
  }

  /** Whether PostgreSQL answers now (within about {@link #CONNECTION_TIMEOUT_MS}): /readyz. */
  public boolean reachable() {
    try (java.sql.Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  /** The statement timer of one kind, for statements that do not go through jOOQ. */
  public Timer statementTimer(ExecuteType kind) {
    return QueryTimer.timer(metrics, kind);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Connection settings for the LISTEN connection, which must not come from the pool. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
