package io.exordos.s3aas.operator.rustfs;

/** How to reach one instance's data plane: the S3/admin endpoint and its root credentials. */
public record NodeAccess(String endpoint, String rootUser, String rootSecret) {
  @Override
  public String toString() {
    return "NodeAccess[" + endpoint + " as " + rootUser + "]";
  }
}
