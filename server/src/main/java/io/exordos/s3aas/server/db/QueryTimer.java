package io.exordos.s3aas.server.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;

/**
 * Times every SQL statement into {@code s3aas_store_queries}, by statement kind. The timers are
 * registered once, up front: building and looking one up per statement showed in the profile of the
 * write path.
 */
final class QueryTimer implements ExecuteListener {
  private static final long serialVersionUID = 1L;
  private static final String START = "s3aas.start";

  private final transient Map<ExecuteType, Timer> timers = new EnumMap<>(ExecuteType.class);

  QueryTimer(MeterRegistry registry) {
    for (ExecuteType type : ExecuteType.values()) {
      timers.put(type, timer(registry, type));
    }
  }

  /** The timer of one statement kind (registered once; later calls return the same meter). */
  static Timer timer(MeterRegistry registry, ExecuteType type) {
    return Timer.builder("s3aas_store_queries")
        .description("SQL statements run by the store")
        .tag("kind", type.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  @Override
  public void executeStart(ExecuteContext ctx) {
    ctx.data(START, System.nanoTime());
  }

  @Override
  public void executeEnd(ExecuteContext ctx) {
    Object start = ctx.data(START);
    Timer timer = timers.get(ctx.type());
    if (start instanceof Long t0 && timer != null) {
      timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
  }
}
