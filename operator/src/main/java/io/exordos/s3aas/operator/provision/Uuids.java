package io.exordos.s3aas.operator.provision;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1). External ids derive from the instance's UID, so a
 * crash between "create" and "record in status" never makes a second node set or config: the retry
 * asks for the same id and finds it.
 */
public final class Uuids {
  /** The s3aas namespace: uuid5(DNS namespace, "s3aas.exordos.io"). */
  public static final UUID S3AAS =
      v5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "s3aas.exordos.io");

  private Uuids() {}

  public static UUID v5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] h = sha1.digest();
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The node set of an instance: uuid5(S3AAS, "node-set:" + instance UID). */
  public static UUID nodeSet(String instanceUid) {
    return v5(S3AAS, "node-set:" + instanceUid);
  }

  /** The rustfs.env config of one node of a set, as the real plugin names it. */
  public static UUID config(UUID nodeSet, String nodeUuid) {
    return v5(nodeSet, "config-" + nodeUuid);
  }
}
