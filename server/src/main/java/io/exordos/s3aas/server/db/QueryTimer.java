package io.exordos.s3aas.server.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Times every SQL statement into {@code s3aas_store_queries}, by statement kind. */
final class QueryTimer implements ExecuteListener {
  private static final long serialVersionUID = 1L;
  private static final String START = "s3aas.start";

  private final transient MeterRegistry registry;

  QueryTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void executeStart(ExecuteContext ctx) {
    ctx.data(START, System.nanoTime());
  }

  @Override
  public void executeEnd(ExecuteContext ctx) {
    Object start = ctx.data(START);
    if (start instanceof Long t0) {
      Timer.builder("s3aas_store_queries")
          .description("SQL statements run by the store")
          .tag("kind", ctx.type().name().toLowerCase(java.util.Locale.ROOT))
          .register(registry)
          .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
