package io.exordos.s3aas.emulator.rustfs;

/** Who made a request: the root user, an IAM user (by access key), or nobody (anonymous). */
record Caller(String accessKey, boolean root) {
  static final Caller ANONYMOUS = new Caller(null, false);

  boolean anonymous() {
    return accessKey == null;
  }
}
