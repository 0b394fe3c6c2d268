package io.exordos.s3aas.emulator.rustfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/** What every S3 operation class shares: the node's store, region, root user, clock and access. */
final class S3Context {
  final NodeStore store;
  final String region;
  final String rootUser;
  final Clock clock;
  final Access access;

  S3Context(NodeStore store, String region, String rootUser, Clock clock) {
    this.store = store;
    this.region = region;
    this.rootUser = rootUser;
    this.clock = clock;
    this.access = new Access(store);
  }

  /** The bucket by name; NoSuchBucket if it does not exist. Callers hold the store's lock. */
  NodeStore.Bucket bucket(String name) {
    NodeStore.Bucket b = store.state().buckets.get(name);
    if (b == null) {
      throw S3Exception.noSuchBucket(name);
    }
    return b;
  }

  String now() {
    return HttpDates.xml(clock.instant());
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64Md5(byte[] data) {
    return Base64.getEncoder().encodeToString(md5(data));
  }

  static String hexMd5(byte[] data) {
    return HexFormat.of().formatHex(md5(data));
  }
}
