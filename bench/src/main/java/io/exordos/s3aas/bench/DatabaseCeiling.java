package io.exordos.s3aas.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's ceiling for the API's create: the server's own write, {@code create_object(...)},
 * called over JDBC at the same concurrency with the same arguments the server passes (a Bucket as
 * the server stored it, its labels, the "~rv~" placeholder), and no HTTP, JSON or validation in
 * between. The API's create rate divided by this says how much of what the database allows for the
 * same write the Java layer keeps.
 */
final class DatabaseCeiling {
  private static final String NAME = "@@name@@";
  private static final String UID = "@@uid@@";

  private DatabaseCeiling() {}

  /**
   * create_object calls into the server's database {@code url}, in {@code default}: their rate and
   * CPU (the client being the JDBC threads).
   */
  static CpuAccount.Phase creates(String url, int threads, int seconds) throws Exception {
    String template = storedBucket(url);
    String labels = "{\"bench\":\"yes\"}";
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String prefix = "ceiling-" + t + "-";
      Thread w =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    PreparedStatement ps =
                        c.prepareStatement(
                            "select create_object(?, ?, ?, ?, ?::uuid, ?, ?::jsonb, ?, ?::timestamptz)")) {
                  for (long n = 0; !stop.get(); n++) {
                    String name = prefix + n;
                    String uid = UUID.randomUUID().toString();
                    ps.setString(1, "s3aas.exordos.io");
                    ps.setString(2, "buckets");
                    ps.setString(3, "default");
                    ps.setString(4, name);
                    ps.setString(5, uid);
                    ps.setLong(6, 1);
                    ps.setString(7, labels);
                    ps.setString(8, template.replace(NAME, name).replace(UID, uid));
                    ps.setString(9, OffsetDateTime.now().toString());
                    try (ResultSet rs = ps.executeQuery()) {
                      if (!rs.next() || rs.getLong(1) <= 0) {
                        throw new IllegalStateException("create_object refused " + name);
                      }
                    }
                    done.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      w.start();
      workers.add(w);
    }
    return ApiBenchmark.measure("ceiling (JDBC threads)", done, stop, workers, seconds);
  }

  /**
   * The newest Bucket the API stored, with its name and uid as placeholders and its resourceVersion
   * as the server sends it to create_object.
   */
  private static String storedBucket(String url) throws Exception {
    String stored;
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select object from resources where resource = 'buckets'"
                    + " order by revision desc limit 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("no Bucket stored yet to copy");
      }
      stored = rs.getString(1);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode object = (ObjectNode) json.readTree(stored);
    ObjectNode meta = object.withObject("metadata");
    meta.put("name", NAME).put("uid", UID).put("resourceVersion", "~rv~");
    return json.writeValueAsString(object);
  }
}
