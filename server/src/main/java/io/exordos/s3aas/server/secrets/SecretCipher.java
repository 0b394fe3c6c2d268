package io.exordos.s3aas.server.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secret material at rest. Each value gets a fresh 96-bit nonce, and the
 * object's identity is bound in as associated data, so a sealed value copied onto another object
 * fails to open instead of leaking.
 */
public final class SecretCipher {
  private static final String PREFIX = "aesgcm1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the secret encryption key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** Reads a base64 key from {@code file}, creating one (mode 0600) if it does not exist yet. */
  public static SecretCipher fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.WRITE);
      }
      return fromBase64(Files.readString(file).trim());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read or create the key file " + file, e);
    }
  }

  public static SecretCipher fromBase64(String key) {
    try {
      return new SecretCipher(Base64.getDecoder().decode(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret encryption key must be 32 bytes in base64", e);
    }
  }

  public String seal(String plaintext, String associatedData) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  public String open(String sealed, String associatedData) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("sealed value has an unknown format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      // Deliberately vague: the reason is a wrong key or tampering, never the content.
      throw new IllegalStateException("a sealed secret could not be opened with this key", e);
    }
  }
}
