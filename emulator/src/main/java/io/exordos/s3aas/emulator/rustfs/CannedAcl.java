package io.exordos.s3aas.emulator.rustfs;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * Canned ACLs, the part of S3 ACLs RustFS applies: read from {@code x-amz-acl} or an ACL document,
 * and written back as the grants they stand for.
 */
final class CannedAcl {
  private static final Set<String> KNOWN =
      Set.of(
          "private",
          "public-read",
          "public-read-write",
          "authenticated-read",
          "bucket-owner-read",
          "bucket-owner-full-control");
  private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  private static final String AUTH_USERS =
      "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  private CannedAcl() {}

  /** The canned ACL of {@code x-amz-acl}, null for none or private; InvalidArgument if unknown. */
  static @Nullable String fromHeader(HttpRequestView http) {
    String acl = http.header("x-amz-acl").orElse(null);
    if (acl == null) {
      return null;
    }
    if (!KNOWN.contains(acl)) {
      throw S3Exception.invalidArgument("Unknown canned ACL " + acl);
    }
    return acl.equals("private") ? null : acl;
  }

  /** The canned ACL an AccessControlPolicy document amounts to (its group grants). */
  static @Nullable String fromDocument(byte[] body) {
    Element root = Xml.parse(body, "AccessControlPolicy");
    Element list = Xml.child(root, "AccessControlList");
    boolean allRead = false;
    boolean allWrite = false;
    boolean authRead = false;
    for (Element grant :
        list == null ? java.util.List.<Element>of() : Xml.children(list, "Grant")) {
      String uri = Xml.text(Xml.child(grant, "Grantee"), "URI");
      String permission = Xml.text(grant, "Permission");
      if (permission == null) {
        throw S3Exception.malformedXml();
      }
      if (ALL_USERS.equals(uri)) {
        allRead |= permission.equals("READ") || permission.equals("FULL_CONTROL");
        allWrite |= permission.equals("WRITE") || permission.equals("FULL_CONTROL");
      } else if (AUTH_USERS.equals(uri)) {
        authRead |= permission.equals("READ");
      }
    }
    if (allRead && allWrite) {
      return "public-read-write";
    }
    return allRead ? "public-read" : authRead ? "authenticated-read" : null;
  }

  static boolean isPublic(@Nullable String acl) {
    return acl != null && (acl.startsWith("public-") || acl.equals("authenticated-read"));
  }

  /** The AccessControlPolicy document of a canned ACL for an owner (by access key). */
  static Xml document(@Nullable String acl, String ownerAccessKey, String bucketOwner) {
    Xml x = new Xml().root("AccessControlPolicy");
    x.open("Owner")
        .el("ID", S3Context.ownerId(ownerAccessKey))
        .el("DisplayName", ownerAccessKey)
        .close("Owner");
    x.open("AccessControlList");
    String a = acl == null ? "private" : acl;
    // Group grants first, the owner's last, as S3 lists them.
    if (a.startsWith("public-read")) {
      grant(x, "<URI>" + ALL_USERS + "</URI>", "Group", "READ");
    }
    if (a.equals("public-read-write")) {
      grant(x, "<URI>" + ALL_USERS + "</URI>", "Group", "WRITE");
    }
    if (a.equals("authenticated-read")) {
      grant(x, "<URI>" + AUTH_USERS + "</URI>", "Group", "READ");
    }
    if (a.startsWith("bucket-owner-")) {
      grant(x, user(bucketOwner), "CanonicalUser", a.endsWith("read") ? "READ" : "FULL_CONTROL");
    }
    grant(x, user(ownerAccessKey), "CanonicalUser", "FULL_CONTROL");
    return x.close("AccessControlList").close("AccessControlPolicy");
  }

  private static String user(String accessKey) {
    return "<ID>"
        + S3Context.ownerId(accessKey)
        + "</ID><DisplayName>"
        + Xml.escape(accessKey)
        + "</DisplayName>";
  }

  private static void grant(Xml x, String grantee, String type, String permission) {
    x.open("Grant")
        .raw(
            "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\""
                + type
                + "\">"
                + grantee
                + "</Grantee>")
        .el("Permission", permission)
        .close("Grant");
  }
}
