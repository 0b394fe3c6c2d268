package io.exordos.s3aas.emulator.rustfs;

import org.jspecify.annotations.Nullable;

/** Who made a request: the root user, an IAM user (by access key), or nobody (anonymous). */
record Caller(@Nullable String accessKey, boolean root) {
  static final Caller ANONYMOUS = new Caller(null, false);

  boolean anonymous() {
    return accessKey == null;
  }
}
