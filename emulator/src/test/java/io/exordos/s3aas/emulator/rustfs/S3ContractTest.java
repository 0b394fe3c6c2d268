package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3 answers where RustFS differs from other S3 servers, as docs/CONTRACTS.md lists them (the rows
 * of emulator/conformance-rustfs-differs.tsv): ACLs and owners, bucket re-creation, object lock on
 * an existing bucket.
 */
class S3ContractTest {
  static final String ROOT = "admin";
  static final String SECRET = "contract-secret";
  static RustfsNode node;
  static MinioClient root;

  @BeforeAll
  static void start() throws Exception {
    node = RustfsNode.start(RustfsNode.Config.of(ROOT, SECRET));
    root = MinioClientTest.client(node, ROOT, SECRET);
    String admin = "/rustfs/admin/v3/";
    assertThat(
            asRoot(
                    "PUT",
                    admin + "add-user",
                    "accessKey=writer",
                    "{\"secretKey\":\"writer-secret\",\"status\":\"enabled\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            asRoot(
                    "PUT",
                    admin + "set-user-or-group-policy",
                    "isGroup=false&userOrGroup=writer&policyName=readwrite",
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static HttpResponse<String> s3(
      String ak, String sk, String method, String path, String query, String body)
      throws Exception {
    return TestSigner.send(node, ak, sk, method, path, query, body);
  }

  private static HttpResponse<String> asRoot(String method, String path, String query, String body)
      throws Exception {
    return s3(ROOT, SECRET, method, path, query, body);
  }

  @Test
  void aclsAreNotKeptAndEveryOwnerIsRustfsFixedOne() throws Exception {
    assertThat(asRoot("PUT", "/acls", "", null).statusCode()).isEqualTo(200);
    root.putObject(
        PutObjectArgs.builder().bucket("acls").object("open").stream(
                new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 4, -1)
            .headers(Map.of("x-amz-acl", "public-read"))
            .build());
    // A canned ACL is accepted (200) and opens nothing: anonymous callers get what the bucket
    // policy allows, and there is none.
    assertThat(asRoot("PUT", "/acls", "acl=", null).statusCode()).isEqualTo(200);
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/acls/open")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);

    for (String path : new String[] {"/acls", "/acls/open"}) {
      HttpResponse<String> acl = asRoot("GET", path, "acl=", null);
      assertThat(acl.statusCode()).isEqualTo(200);
      assertThat(acl.body())
          .contains("<ID>" + Acl.OWNER_ID + "</ID><DisplayName>rustfs</DisplayName>")
          .containsOnlyOnce("<Grant>")
          .contains("xsi:type=\"CanonicalUser\"></Grantee><Permission>FULL_CONTROL</Permission>");
      // An ACL document is refused whatever it grants.
      HttpResponse<String> document =
          asRoot(
              "PUT",
              path,
              "acl=",
              "<AccessControlPolicy><AccessControlList/></AccessControlPolicy>");
      assertThat(document.statusCode()).isEqualTo(501);
      assertThat(document.body()).contains("<Code>NotImplemented</Code>");
    }

    // The same owner for the root user's ListBuckets and the IAM user's listings.
    assertThat(asRoot("GET", "/", "", null).body()).contains("<ID>" + Acl.OWNER_ID + "</ID>");
    HttpResponse<String> listing =
        s3("writer", "writer-secret", "GET", "/acls", "fetch-owner=true&list-type=2", null);
    assertThat(listing.body()).contains("<Owner><ID>" + Acl.OWNER_ID + "</ID>");
  }

  @Test
  void blockPublicAclsBlocksNothingAndPolicyStatusReadsThePolicyOnly() throws Exception {
    assertThat(asRoot("PUT", "/blocked", "", null).statusCode()).isEqualTo(200);
    String block =
        "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>"
            + "<IgnorePublicAcls>true</IgnorePublicAcls></PublicAccessBlockConfiguration>";
    assertThat(asRoot("PUT", "/blocked", "publicAccessBlock=", block).statusCode()).isEqualTo(200);
    root.putObject(
        PutObjectArgs.builder().bucket("blocked").object("open").stream(
                new ByteArrayInputStream(new byte[] {1}), 1, -1)
            .headers(Map.of("x-amz-acl", "public-read-write"))
            .build());
    assertThat(asRoot("GET", "/blocked", "policyStatus=", null).body())
        .contains("<IsPublic>false</IsPublic>");
  }

  @Test
  void onlyTheRootUserMayCreateAnExistingBucketAgain() throws Exception {
    assertThat(s3("writer", "writer-secret", "PUT", "/mine", "", null).statusCode()).isEqualTo(200);
    HttpResponse<String> again = s3("writer", "writer-secret", "PUT", "/mine", "", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("<Code>BucketAlreadyExists</Code>");
    assertThat(asRoot("PUT", "/mine", "", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aBucketNameS3sRefusesIsInvalidBeforeAnythingElse() throws Exception {
    assertThat(asRoot("PUT", "/tenanted", "", null).statusCode()).isEqualTo(200);
    // RGW's tenant syntax and other names s3s does not accept: 400, not 404 or 403.
    for (String name : new String[] {"testx:tenanted", ":tenanted", "Tenanted", "xn--tenanted"}) {
      HttpResponse<String> listing =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(node.endpoint() + "/" + name)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(listing.statusCode()).as(name).isEqualTo(400);
      assertThat(listing.body()).as(name).contains("<Code>InvalidBucketName</Code>");
    }
  }

  @Test
  void objectLockIsTurnedOnLaterOnlyOnceVersioningIsEnabled() throws Exception {
    String lock =
        "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
            + "<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days></DefaultRetention>"
            + "</Rule></ObjectLockConfiguration>";
    assertThat(asRoot("PUT", "/later", "", null).statusCode()).isEqualTo(200);
    for (String status : new String[] {null, "Suspended"}) {
      if (status != null) {
        assertThat(asRoot("PUT", "/later", "versioning=", versioning(status)).statusCode())
            .isEqualTo(200);
      }
      HttpResponse<String> refused = asRoot("PUT", "/later", "object-lock=", lock);
      assertThat(refused.statusCode()).as(String.valueOf(status)).isEqualTo(409);
      assertThat(refused.body()).contains("<Code>InvalidBucketState</Code>");
    }
    assertThat(asRoot("PUT", "/later", "versioning=", versioning("Enabled")).statusCode())
        .isEqualTo(200);
    assertThat(asRoot("PUT", "/later", "object-lock=", lock).statusCode()).isEqualTo(200);
    assertThat(asRoot("GET", "/later", "object-lock=", null).body())
        .contains("<Mode>GOVERNANCE</Mode>");
  }

  private static String versioning(String status) {
    return "<VersioningConfiguration><Status>" + status + "</Status></VersioningConfiguration>";
  }
}
