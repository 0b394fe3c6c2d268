package io.exordos.s3aas.dist;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (the Maven project version). */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"s3aas " + (v == null ? "dev" : v)};
  }
}
