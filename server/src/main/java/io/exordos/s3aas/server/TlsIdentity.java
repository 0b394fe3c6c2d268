package io.exordos.s3aas.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The server's TLS key and certificate, created once under the home directory with the JDK's
 * keytool. The certificate is its own CA; the kubeconfig carries it so kubectl, fabric8 and s3ctl
 * verify the server. (kubectl never sends a bearer token over plain HTTP, so the API is TLS by
 * default.)
 */
public record TlsIdentity(Path keystore, String password, Path certificatePem) {
  public static TlsIdentity loadOrCreate(Path home) {
    Path keystore = home.resolve("tls.p12");
    Path passwordFile = home.resolve("tls.password");
    Path pem = home.resolve("tls.crt");
    try {
      Files.createDirectories(home);
      if (!Files.exists(keystore) || !Files.exists(passwordFile) || !Files.exists(pem)) {
        Files.deleteIfExists(keystore);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        keytool(
            List.of(
                "-genkeypair",
                "-alias",
                "s3aas",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "3650",
                "-dname",
                "CN=s3aas",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-ext",
                "BC:c=ca:true",
                "-ext",
                "KU:c=digitalSignature,keyCertSign",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password),
            null);
        keytool(
            List.of(
                "-exportcert",
                "-rfc",
                "-alias",
                "s3aas",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password),
            pem);
        PrivateFiles.write(passwordFile, password);
        PrivateFiles.restrict(keystore);
      }
      return new TlsIdentity(keystore, Files.readString(passwordFile).trim(), pem);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the TLS identity in " + home, e);
    }
  }

  private static void keytool(List<String> args, @Nullable Path output) throws IOException {
    Path tool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>();
    command.add(tool.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(output == null);
    if (output != null) {
      pb.redirectOutput(output.toFile());
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args.get(0) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  public String certificatePemText() {
    try {
      return Files.readString(certificatePem);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + certificatePem, e);
    }
  }
}
