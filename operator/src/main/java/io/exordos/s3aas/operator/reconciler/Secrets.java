package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Credential Secrets, the Strimzi way: use what the user supplied, else reuse what we generated
 * before, else generate. Secrets we generate carry an ownerReference to their object and the
 * managed-by label; a Secret of that name we did not make is never overwritten.
 */
public final class Secrets {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "s3aas-operator";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** A key pair and where it came from. */
  public record Credentials(
      String accessKeyId, String secretAccessKey, String secretName, String revision) {}

  /** A Secret exists under our name but belongs to someone else. */
  public static final class ConflictException extends RuntimeException {
    private final String reason;

    public ConflictException(String message) {
      super(message);
      this.reason = message;
    }

    /** The message, never null (what a condition and an event quote). */
    public String reason() {
      return reason;
    }
  }

  private Secrets() {}

  public static String random(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public static String newAccessKeyId() {
    return "S3AK" + random(UPPER, 16);
  }

  public static String newSecret() {
    return random(ALNUM, 40);
  }

  public static Optional<Secret> get(KubernetesClient client, String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** Reads accessKeyId/secretAccessKey from a Secret; empty when a key is missing. */
  public static Optional<Credentials> read(Secret s) {
    String ak = value(s, AccessKeySpec.ACCESS_KEY_ID);
    String sk = value(s, AccessKeySpec.SECRET_ACCESS_KEY);
    if (ak == null || ak.isBlank() || sk == null || sk.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new Credentials(
            ak.trim(), sk.trim(), s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
  }

  static @Nullable String value(Secret s, String key) {
    if (s.getStringData() != null && s.getStringData().containsKey(key)) {
      return s.getStringData().get(key);
    }
    if (s.getData() != null && s.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }

  public static boolean ownedBy(Secret s, HasMetadata owner) {
    return s.getMetadata().getOwnerReferences() != null
        && s.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> owner.getMetadata().getUid().equals(r.getUid()));
  }

  /**
   * The operator-owned Secret {@code name} for {@code owner}: reused when it exists and is ours,
   * otherwise generated with {@code accessKeyId} and a fresh secret key.
   */
  public static Credentials ensureOwned(
      KubernetesClient client, HasMetadata owner, String name, String accessKeyId) {
    String ns = owner.getMetadata().getNamespace();
    Optional<Secret> existing = get(client, ns, name);
    if (existing.isPresent()) {
      return reuse(existing.get(), owner);
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .withLabels(
                Map.of(
                    MANAGED_BY,
                    OPERATOR,
                    "s3aas.exordos.io/" + owner.getKind().toLowerCase(java.util.Locale.ROOT),
                    owner.getMetadata().getName()))
            .withOwnerReferences(ownerReference(owner))
            .endMetadata()
            .withType("Opaque")
            .withStringData(
                Map.of(
                    AccessKeySpec.ACCESS_KEY_ID,
                    accessKeyId,
                    AccessKeySpec.SECRET_ACCESS_KEY,
                    newSecret()))
            .build();
    try {
      Secret created = client.secrets().inNamespace(ns).resource(secret).create();
      return read(created).orElseThrow();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return reuse(get(client, ns, name).orElseThrow(() -> e), owner);
      }
      throw e;
    }
  }

  private static Credentials reuse(Secret s, HasMetadata owner) {
    if (!ownedBy(s, owner)) {
      throw new ConflictException(
          "Secret "
              + s.getMetadata().getName()
              + " exists and was not created by the operator for this object; it is left alone");
    }
    return read(s)
        .orElseThrow(
            () ->
                new ConflictException(
                    "Secret "
                        + s.getMetadata().getName()
                        + " lacks "
                        + AccessKeySpec.ACCESS_KEY_ID
                        + " or "
                        + AccessKeySpec.SECRET_ACCESS_KEY));
  }

  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Deletes a Secret if it is ours; already gone is fine. */
  public static void deleteOwned(KubernetesClient client, HasMetadata owner, String name) {
    String ns = owner.getMetadata().getNamespace();
    get(client, ns, name)
        .filter(s -> ownedBy(s, owner))
        .ifPresent(
            s -> {
              try {
                client.secrets().inNamespace(ns).withName(name).delete();
              } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                  throw e;
                }
              }
            });
  }
}
