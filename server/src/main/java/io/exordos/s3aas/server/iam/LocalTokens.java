package io.exordos.s3aas.server.iam;

import static io.exordos.s3aas.server.store.jooq.Tables.IAM_TOKENS;

import io.exordos.s3aas.server.store.jooq.tables.records.IamTokensRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@code local} token store and validator: tokens are {@code s3aas_} plus 32 random bytes
 * (base64url), shown once when created; PostgreSQL keeps only their SHA-256 (table {@code
 * iam_tokens}). A revoked or expired token stops working on its next request.
 */
public final class LocalTokens implements TokenValidator {
  public static final String PREFIX = "s3aas_";

  /** A project is a namespace: a DNS label (MetaPaaS project ids are UUIDs, which are labels). */
  private static final Pattern PROJECT = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as listed: never the token itself. */
  public record Info(
      String id,
      String project,
      Role role,
      String description,
      OffsetDateTime createdAt,
      @Nullable OffsetDateTime expiresAt,
      @Nullable OffsetDateTime revokedAt) {}

  /** A newly created token: {@code token} is the only copy of the secret. */
  public record Created(
      String id, String token, String project, Role role, @Nullable OffsetDateTime expiresAt) {}

  private final DSLContext db;
  private final Clock clock;

  public LocalTokens(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Creates a token.
   *
   * @param ttl null for a token that does not expire
   * @throws IllegalArgumentException for a project that is not a DNS label
   */
  public Created create(
      String project, Role role, @Nullable String description, @Nullable Duration ttl) {
    requireProject(project);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String id = UUID.randomUUID().toString();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime expires = ttl == null ? null : now.plus(ttl);
    db.insertInto(IAM_TOKENS)
        .set(IAM_TOKENS.ID, id)
        .set(IAM_TOKENS.TOKEN_SHA256, sha256(token))
        .set(IAM_TOKENS.PROJECT, project)
        .set(IAM_TOKENS.ROLE, role.id())
        .set(IAM_TOKENS.DESCRIPTION, description == null ? "" : description)
        .set(IAM_TOKENS.CREATED_AT, now)
        .set(IAM_TOKENS.EXPIRES_AT, expires)
        .execute();
    return new Created(id, token, project, role, expires);
  }

  public List<Info> list(@Nullable String project) {
    var q = db.selectFrom(IAM_TOKENS);
    var rows =
        project == null
            ? q.orderBy(IAM_TOKENS.CREATED_AT).fetch()
            : q.where(IAM_TOKENS.PROJECT.eq(project)).orderBy(IAM_TOKENS.CREATED_AT).fetch();
    return rows.map(LocalTokens::info);
  }

  /** Revokes by id; false when there is no such (unrevoked) token. */
  public boolean revoke(String id) {
    return db.update(IAM_TOKENS)
            .set(IAM_TOKENS.REVOKED_AT, OffsetDateTime.now(clock))
            .where(IAM_TOKENS.ID.eq(id).and(IAM_TOKENS.REVOKED_AT.isNull()))
            .execute()
        > 0;
  }

  /**
   * Whether this exact token is still valid (for launchers that keep one, e.g. in a kubeconfig).
   */
  public boolean isValid(String token) {
    return validate(token).isPresent();
  }

  @Override
  public Optional<Principal> validate(@Nullable String bearerToken) {
    if (bearerToken == null || !bearerToken.startsWith(PREFIX)) {
      return Optional.empty();
    }
    IamTokensRecord r =
        db.selectFrom(IAM_TOKENS).where(IAM_TOKENS.TOKEN_SHA256.eq(sha256(bearerToken))).fetchOne();
    if (r == null
        || r.getRevokedAt() != null
        || (r.getExpiresAt() != null && !r.getExpiresAt().toInstant().isAfter(clock.instant()))) {
      return Optional.empty();
    }
    return Optional.of(
        Principal.member("token:" + r.getId(), r.getProject(), Role.parse(r.getRole())));
  }

  public static void requireProject(@Nullable String project) {
    if (project == null || !PROJECT.matcher(project).matches()) {
      throw new IllegalArgumentException(
          "a project must be a DNS label (lowercase letters, digits and '-', at most 63), e.g. a MetaPaaS project UUID; not \""
              + project
              + "\"");
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Info info(IamTokensRecord r) {
    return new Info(
        r.getId(),
        r.getProject(),
        Role.parse(r.getRole()),
        r.getDescription(),
        r.getCreatedAt(),
        r.getExpiresAt(),
        r.getRevokedAt());
  }
}
