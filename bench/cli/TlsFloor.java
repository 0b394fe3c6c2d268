import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor under any JVM client of the API: the least a Java 17 program can do to fetch one list
 * over HTTPS (trust the kubeconfig's CA, check the host, one HTTP/1.1 GET, print the body), with no
 * CLI parsing, no config file and no JSON. bench/cli/run.sh times it beside s3ctl and kubectl, so
 * the share of s3ctl's start-up that any JVM would pay shows in the same run.
 *
 * <p>{@code java TlsFloor hello} prints one line and exits: the bare JVM.
 * {@code java TlsFloor URL CA_PEM_FILE TOKEN_FILE PATH} does the request.
 */
public final class TlsFloor {
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("hello")) {
      System.out.println("hello");
      return;
    }
    URI server = URI.create(args[0]);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1])))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket) ssl.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
      SSLParameters p = socket.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(p);
      OutputStream out = socket.getOutputStream();
      String token = Files.readString(Path.of(args[2])).trim();
      out.write(
          ("GET "
                  + args[3]
                  + " HTTP/1.1\r\nHost: "
                  + server.getHost()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      System.out.write(in.readAllBytes());
      System.out.flush();
    }
  }
}
