package io.exordos.s3aas.server.db;

import io.exordos.s3aas.server.api.ApiException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a failure that means "PostgreSQL cannot be reached now" (no connection within the
 * pool's timeout, connection refused or lost, the server shutting down), which the API answers 503
 * with a Retry-After: the request may be sent again, unlike a 500.
 */
public final class DatabaseUnavailable {
  public static final int RETRY_AFTER_SECONDS = 2;

  private DatabaseUnavailable() {}

  public static boolean is(@Nullable Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P01-57P03: administrator/crash shutdown, cannot connect now
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  public static ApiException answer() {
    return new ApiException(
        503,
        "ServiceUnavailable",
        "the database is unreachable; retry in " + RETRY_AFTER_SECONDS + " seconds");
  }
}
