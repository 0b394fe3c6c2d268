package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;

/**
 * ACLs and owners as RustFS answers them: it keeps neither. Every owner it reports (ListBuckets,
 * listings, multipart uploads, ACLs) is one fixed identity, GetBucketAcl/GetObjectAcl answer one
 * FULL_CONTROL grant to it, a canned ACL ({@code x-amz-acl}) is accepted and changes nothing, and
 * an ACL document is refused with 501 (rustfs/rustfs rustfs/src/storage/s3_api/acl.rs and common.rs
 * rustfs_owner, rustfs/src/storage/ecfs.rs put_bucket_acl and put_object_acl). Access is decided by
 * IAM and bucket policies only ({@link Access}).
 */
final class Acl {
  /** RustFS's RUSTFS_OWNER_ID (rustfs/src/storage/s3_api/common.rs). */
  static final String OWNER_ID = "c19050dbcee97fda828689dda99097a6321af2248fa760517237346e5d9c8a66";

  static final String OWNER_NAME = "rustfs";

  private Acl() {}

  /** Writes the owner element ({@code Owner}, {@code Initiator}) every listing shows. */
  static Xml owner(Xml x, String element) {
    return x.open(element).el("ID", OWNER_ID).el("DisplayName", OWNER_NAME).close(element);
  }

  /** GetBucketAcl / GetObjectAcl: the fixed owner and one FULL_CONTROL grant without an id. */
  static Reply document() {
    Xml x = owner(new Xml().root("AccessControlPolicy"), "Owner").open("AccessControlList");
    x.open("Grant")
        .raw(
            "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"CanonicalUser\"></Grantee>")
        .el("Permission", "FULL_CONTROL")
        .close("Grant");
    return Reply.xml(x.close("AccessControlList").close("AccessControlPolicy"));
  }

  /** PutBucketAcl / PutObjectAcl: an ACL document is 501; a canned ACL header is accepted as is. */
  static void checkPut(byte[] body) {
    if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw new S3Exception(
          501,
          "NotImplemented",
          "ACL XML grants are not supported; use canned ACL headers or omit ACL");
    }
  }
}
