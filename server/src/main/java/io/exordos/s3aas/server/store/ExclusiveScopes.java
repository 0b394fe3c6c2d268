package io.exordos.s3aas.server.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Check-then-write sections that never interleave within one scope, on any replica: what a
 * uniqueness rule the schema cannot express (an instance's display name per project, a child's name
 * per instance) needs. Object writes stay optimistic; only such sections wait for each other.
 */
public final class ExclusiveScopes {
  private final DSLContext dsl;

  public ExclusiveScopes(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Runs {@code checkThenWrite} while no other section of the same {@code scope} runs, on this or
   * another replica: it holds a PostgreSQL advisory lock in a transaction of its own, so the write
   * inside (made in its own transaction) commits before the next section's check reads.
   */
  public <T> T runExclusively(String scope, Supplier<T> checkThenWrite) {
    long lock =
        UUID.nameUUIDFromBytes(("s3aas-facade:" + scope).getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();
    return dsl.transactionResult(
        cfg -> {
          DSL.using(cfg).execute("select pg_advisory_xact_lock(?)", lock);
          return checkThenWrite.get();
        });
  }
}
