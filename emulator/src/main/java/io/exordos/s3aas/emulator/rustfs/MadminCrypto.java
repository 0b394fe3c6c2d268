package io.exordos.s3aas.emulator.rustfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The body encryption MinIO's admin API (madmin) uses for secrets, so stock MinIO admin clients
 * work on {@code /minio/admin/v3}. Layout: {@code salt[32] | aead id[1] | nonce[8] | stream}, the
 * key is Argon2id(secret key, salt; 1 pass, 64 MiB, 4 lanes) and the stream is the sio DARE format:
 * 16 KiB plaintext packages, each sealed with nonce {@code nonce || le32(seq)} (seq from 1) and
 * associated data {@code flag || tag(seal(nonce || le32(0), empty))}, where flag 0x80 marks the
 * last package.
 *
 * <p>Like RustFS, decryption also takes AEAD id 0x02 (key from PBKDF2-HMAC-SHA256, 8192 rounds,
 * with AES-GCM) and falls back to the older single-seal layout with a 45-byte header: {@code
 * salt[32] | aead id[1] | nonce[12] | ciphertext and tag}.
 */
public final class MadminCrypto {
  static final int AES_GCM = 0;
  static final int CHACHA20_POLY1305 = 1;
  static final int PBKDF2_AES_GCM = 2;
  private static final int PBKDF2_ROUNDS = 8192;
  private static final int LEGACY_NONCE = 12;
  private static final int SALT = 32;
  private static final int NONCE = 8;
  private static final int PACKAGE = 16 * 1024;
  private static final int TAG = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private MadminCrypto() {}

  public static byte[] encrypt(String password, byte[] plaintext) {
    return encrypt(AES_GCM, password, plaintext);
  }

  /** Encrypts with AEAD id {@code id} (0x00, 0x01 or 0x02) in the stream layout. */
  static byte[] encrypt(int id, String password, byte[] plaintext) {
    algorithm((byte) id);
    byte[] salt = random(SALT);
    byte[] nonce = random(NONCE);
    byte[] key = deriveKey(id, password, salt);
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 64);
    out.writeBytes(salt);
    out.write(id);
    out.writeBytes(nonce);
    byte[] ad = associatedData(id, key, nonce);
    int seq = 1;
    int pos = 0;
    do {
      int n = Math.min(PACKAGE, plaintext.length - pos);
      boolean last = pos + n >= plaintext.length;
      out.writeBytes(
          seal(
              true,
              id,
              key,
              nonce,
              seq++,
              flagged(ad, last),
              Arrays.copyOfRange(plaintext, pos, pos + n)));
      pos += n;
    } while (pos < plaintext.length);
    return out.toByteArray();
  }

  /**
   * Decrypts a madmin payload; throws {@link IllegalArgumentException} when it is not one for this
   * key.
   */
  public static byte[] decrypt(String password, byte[] payload) {
    try {
      return decryptStream(password, payload);
    } catch (IllegalArgumentException streamFailure) {
      try {
        return decryptSingleSeal(password, payload);
      } catch (IllegalArgumentException legacyFailure) {
        throw streamFailure;
      }
    }
  }

  private static byte[] decryptStream(String password, byte[] payload) {
    if (payload.length < SALT + 1 + NONCE + TAG) {
      throw new IllegalArgumentException("payload too short for a madmin encrypted body");
    }
    byte[] salt = Arrays.copyOfRange(payload, 0, SALT);
    int id = algorithm(payload[SALT]);
    byte[] nonce = Arrays.copyOfRange(payload, SALT + 1, SALT + 1 + NONCE);
    byte[] key = deriveKey(id, password, salt);
    byte[] ad = associatedData(id, key, nonce);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length);
    int pos = SALT + 1 + NONCE;
    int seq = 1;
    while (pos < payload.length) {
      int n = Math.min(PACKAGE + TAG, payload.length - pos);
      boolean last = pos + n >= payload.length;
      out.writeBytes(
          seal(
              false,
              id,
              key,
              nonce,
              seq++,
              flagged(ad, last),
              Arrays.copyOfRange(payload, pos, pos + n)));
      pos += n;
    }
    return out.toByteArray();
  }

  /**
   * The older layout: one AEAD seal of the whole body under a 12-byte nonce, no associated data.
   */
  private static byte[] decryptSingleSeal(String password, byte[] payload) {
    int header = SALT + 1 + LEGACY_NONCE;
    if (payload.length < header + TAG) {
      throw new IllegalArgumentException("payload too short for a single-seal body");
    }
    int id = algorithm(payload[SALT]);
    byte[] key = deriveKey(id, password, Arrays.copyOfRange(payload, 0, SALT));
    byte[] nonce = Arrays.copyOfRange(payload, SALT + 1, header);
    return cipher(
        false, id, key, nonce, new byte[0], Arrays.copyOfRange(payload, header, payload.length));
  }

  private static int algorithm(byte b) {
    int id = b & 0xff;
    if (id != AES_GCM && id != CHACHA20_POLY1305 && id != PBKDF2_AES_GCM) {
      throw new IllegalArgumentException("unknown AEAD id " + id);
    }
    return id;
  }

  private static byte[] deriveKey(int id, String password, byte[] salt) {
    if (id != PBKDF2_AES_GCM) {
      return deriveKey(password, salt);
    }
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
    generator.init(password.getBytes(StandardCharsets.UTF_8), salt, PBKDF2_ROUNDS);
    return ((KeyParameter) generator.generateDerivedParameters(256)).getKey();
  }

  private static byte[] deriveKey(String password, byte[] salt) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withIterations(1)
            .withMemoryAsKB(64 * 1024)
            .withParallelism(4)
            .build());
    byte[] key = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), key);
    return key;
  }

  private static byte[] associatedData(int id, byte[] key, byte[] nonce) {
    byte[] tag = seal(true, id, key, nonce, 0, new byte[0], new byte[0]);
    byte[] ad = new byte[1 + tag.length];
    System.arraycopy(tag, 0, ad, 1, tag.length);
    return ad;
  }

  private static byte[] flagged(byte[] ad, boolean last) {
    byte[] copy = ad.clone();
    copy[0] = last ? (byte) 0x80 : 0;
    return copy;
  }

  private static byte[] seal(
      boolean encrypt, int id, byte[] key, byte[] nonce, int seq, byte[] ad, byte[] data) {
    byte[] iv = Arrays.copyOf(nonce, NONCE + 4);
    iv[8] = (byte) seq;
    iv[9] = (byte) (seq >>> 8);
    iv[10] = (byte) (seq >>> 16);
    iv[11] = (byte) (seq >>> 24);
    return cipher(encrypt, id, key, iv, ad, data);
  }

  private static byte[] cipher(
      boolean encrypt, int id, byte[] key, byte[] iv, byte[] ad, byte[] data) {
    try {
      Cipher cipher;
      int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
      if (id == CHACHA20_POLY1305) {
        cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
      } else {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, iv));
      }
      cipher.updateAAD(ad);
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("madmin payload does not decrypt with this key", e);
    }
  }

  /** The older single-seal layout (45-byte header), for tests of the fallback. */
  static byte[] encryptSingleSeal(int id, String password, byte[] plaintext) {
    byte[] salt = random(SALT);
    byte[] nonce = random(LEGACY_NONCE);
    byte[] key = deriveKey(id, password, salt);
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 64);
    out.writeBytes(salt);
    out.write(id);
    out.writeBytes(nonce);
    out.writeBytes(cipher(true, id, key, nonce, new byte[0], plaintext));
    return out.toByteArray();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
