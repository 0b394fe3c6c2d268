package io.exordos.s3aas.emulator.rustfs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * Object lock: the bucket's default retention, each version's retention and legal hold, and the
 * rule that a locked version cannot be deleted or overwritten by version id.
 */
final class ObjectLock {
  private ObjectLock() {}

  static Reply getConfiguration(S3Context ctx, String name) {
    synchronized (ctx.store) {
      NodeStore.Bucket b = ctx.bucket(name);
      if (!b.objectLock) {
        throw new S3Exception(
                404,
                "ObjectLockConfigurationNotFoundError",
                "Object Lock configuration does not exist for this bucket")
            .on(name, null);
      }
      Xml x = new Xml().root("ObjectLockConfiguration").el("ObjectLockEnabled", "Enabled");
      if (b.lockMode != null) {
        x.open("Rule")
            .open("DefaultRetention")
            .el("Mode", b.lockMode)
            .el("Days", b.lockDays)
            .el("Years", b.lockYears)
            .close("DefaultRetention")
            .close("Rule");
      }
      return Reply.xml(x.close("ObjectLockConfiguration"));
    }
  }

  static Reply putConfiguration(S3Context ctx, S3Api.Request r, String name) {
    Element root = Xml.parse(r.payload(), "ObjectLockConfiguration");
    if (!"Enabled".equals(Xml.text(root, "ObjectLockEnabled"))) {
      throw S3Exception.malformedXml();
    }
    String mode = null;
    Integer days = null;
    Integer years = null;
    Element rule = Xml.child(root, "Rule");
    if (rule != null) {
      Element retention = Xml.child(rule, "DefaultRetention");
      if (retention == null) {
        throw S3Exception.malformedXml();
      }
      mode = Xml.text(retention, "Mode");
      if (!"GOVERNANCE".equals(mode) && !"COMPLIANCE".equals(mode)) {
        throw S3Exception.malformedXml();
      }
      days = positive(Xml.text(retention, "Days"));
      years = positive(Xml.text(retention, "Years"));
      if ((days == null) == (years == null)) {
        throw S3Exception.malformedXml();
      }
    }
    synchronized (ctx.store) {
      NodeStore.Bucket b = ctx.bucket(name);
      if (!b.objectLock && !"Enabled".equals(b.versioning)) {
        // RustFS turns object lock on for a bucket created without it only once versioning is
        // Enabled (rustfs/rustfs rustfs/src/storage/ecfs.rs put_object_lock_configuration).
        throw new S3Exception(
                409,
                "InvalidBucketState",
                "Object Lock configuration cannot be enabled on existing buckets")
            .on(name, null);
      }
      b.objectLock = true;
      b.lockMode = mode;
      b.lockDays = days;
      b.lockYears = years;
      ctx.store.save();
    }
    return Reply.ok();
  }

  private static @Nullable Integer positive(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(text);
      if (n <= 0) {
        throw new S3Exception(
            400,
            "InvalidRetentionPeriod",
            "Default retention period must be a positive integer value");
      }
      return n;
    } catch (NumberFormatException e) {
      throw S3Exception.malformedXml();
    }
  }

  /** Applies the lock headers of a PUT, or else the bucket's default retention, to a new object. */
  static void applyOnWrite(
      NodeStore.Bucket b, HttpRequestView http, NodeStore.StoredObject obj, Instant now) {
    String mode = http.header("x-amz-object-lock-mode").orElse(null);
    String until = http.header("x-amz-object-lock-retain-until-date").orElse(null);
    String hold = http.header("x-amz-object-lock-legal-hold").orElse(null);
    if ((mode != null || until != null || hold != null) && !b.objectLock) {
      throw S3Exception.invalidRequest("Bucket is missing Object Lock Configuration");
    }
    if ((mode == null) != (until == null)) {
      throw S3Exception.invalidArgument(
          "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
    }
    if (mode != null) {
      checkMode(mode);
      obj.lockMode = mode;
      obj.retainUntil = futureDate(until, now).toString();
    } else if (b.lockMode != null) {
      obj.lockMode = b.lockMode;
      Instant until2 =
          b.lockDays != null
              ? now.plus(b.lockDays, ChronoUnit.DAYS)
              : now.plus(365L * (b.lockYears == null ? 0 : b.lockYears), ChronoUnit.DAYS);
      obj.retainUntil = until2.toString();
    }
    if (hold != null) {
      obj.legalHold = legalHoldStatus(hold);
    }
  }

  static Reply putRetention(
      S3Context ctx, S3Api.Request r, NodeStore.Bucket b, NodeStore.StoredObject obj) {
    if (!b.objectLock) {
      throw S3Exception.invalidRequest("Bucket is missing Object Lock Configuration");
    }
    Element root = Xml.parse(r.payload(), "Retention");
    String mode = Xml.text(root, "Mode");
    String until = Xml.text(root, "RetainUntilDate");
    if (mode == null || until == null) {
      throw S3Exception.malformedXml();
    }
    if (!mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
      throw S3Exception.malformedXml();
    }
    Instant newUntil = futureDate(until, ctx.clock.instant());
    boolean bypass = bypass(r.http());
    if (obj.retainUntil != null && obj.lockMode != null) {
      Instant old = Instant.parse(obj.retainUntil);
      boolean shortens = newUntil.isBefore(old) || !mode.equals(obj.lockMode);
      if (old.isAfter(ctx.clock.instant())
          && shortens
          && (obj.lockMode.equals("COMPLIANCE") || !bypass)) {
        throw S3Exception.accessDenied("Access Denied because object protected by object lock.");
      }
    }
    obj.lockMode = mode;
    obj.retainUntil = newUntil.toString();
    return Reply.ok();
  }

  static Reply getRetention(NodeStore.Bucket b, NodeStore.StoredObject obj) {
    if (!b.objectLock) {
      throw S3Exception.invalidRequest("Bucket is missing Object Lock Configuration");
    }
    if (obj.lockMode == null) {
      throw new S3Exception(
          404,
          "NoSuchObjectLockConfiguration",
          "The specified object does not have a ObjectLock configuration");
    }
    return Reply.xml(
        new Xml()
            .root("Retention")
            .el("Mode", obj.lockMode)
            .el("RetainUntilDate", shownDate(obj.retainUntil))
            .close("Retention"));
  }

  static Reply putLegalHold(S3Api.Request r, NodeStore.Bucket b, NodeStore.StoredObject obj) {
    if (!b.objectLock) {
      throw S3Exception.invalidRequest("Bucket is missing Object Lock Configuration");
    }
    Element root = Xml.parse(r.payload(), "LegalHold");
    String status = Xml.text(root, "Status");
    if (!"ON".equals(status) && !"OFF".equals(status)) {
      throw S3Exception.malformedXml();
    }
    obj.legalHold = "ON".equals(status);
    return Reply.ok();
  }

  static Reply getLegalHold(NodeStore.Bucket b, NodeStore.StoredObject obj) {
    if (!b.objectLock) {
      throw S3Exception.invalidRequest("Bucket is missing Object Lock Configuration");
    }
    return Reply.xml(
        new Xml().root("LegalHold").el("Status", obj.legalHold ? "ON" : "OFF").close("LegalHold"));
  }

  /** AccessDenied when the version may not be removed: legal hold, or retention not bypassed. */
  static void checkDeletable(NodeStore.StoredObject obj, HttpRequestView http, Instant now) {
    if (obj.legalHold) {
      throw S3Exception.accessDenied("Access Denied because object protected by object lock.");
    }
    if (obj.retainUntil != null
        && obj.lockMode != null
        && Instant.parse(obj.retainUntil).isAfter(now)
        && (obj.lockMode.equals("COMPLIANCE") || !bypass(http))) {
      throw S3Exception.accessDenied("Access Denied because object protected by object lock.");
    }
  }

  /** The lock headers HEAD and GET show. */
  static void echo(NodeStore.StoredObject obj, Reply reply) {
    reply
        .header("x-amz-object-lock-mode", obj.lockMode)
        .header("x-amz-object-lock-retain-until-date", shownDate(obj.retainUntil))
        .header("x-amz-object-lock-legal-hold", obj.legalHold ? "ON" : null);
  }

  /** A stored retain-until time as S3 shows it, in XML and header alike (milliseconds, Z). */
  private static @Nullable String shownDate(@Nullable String stored) {
    return stored == null ? null : HttpDates.xml(Instant.parse(stored));
  }

  private static boolean bypass(HttpRequestView http) {
    return http.header("x-amz-bypass-governance-retention")
        .map("true"::equalsIgnoreCase)
        .orElse(false);
  }

  private static boolean legalHoldStatus(String s) {
    if (!s.equals("ON") && !s.equals("OFF")) {
      throw S3Exception.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'");
    }
    return s.equals("ON");
  }

  private static void checkMode(String mode) {
    if (!mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
      throw S3Exception.invalidArgument("Unknown wormMode directive.");
    }
  }

  private static Instant futureDate(String text, Instant now) {
    Instant until;
    try {
      until = Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        until = java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw S3Exception.invalidArgument("The retain until date must be a valid date");
      }
    }
    if (!until.isAfter(now)) {
      throw S3Exception.invalidArgument("The retain until date must be in the future!");
    }
    return until;
  }
}
