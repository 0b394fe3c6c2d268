package io.exordos.s3aas.cli;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the API connection: trust exactly the context's certificate authority (or, with {@code
 * --insecure-skip-tls-verify}, anything), else the JDK's default trust store.
 *
 * <p>Start-up: in a cold JVM, the first use of the JDK's security providers, certificate parsing
 * and JSSE costs ~50 ms of class loading and static initialisation. {@link #warmUp()} does that on
 * a second thread (most machines have two cores) while the main thread reads the command line and
 * the kubeconfig.
 */
final class Tls {
  private Tls() {}

  /**
   * What a client hello needs, limited to what Go's crypto/tls (the Kubernetes API server, s3aas's
   * Jetty) offers anyway: TLS 1.3 and 1.2 with AEAD suites and ECDHE. Fewer groups and suites also
   * mean fewer availability checks when JSSE initialises. Set only when the user has not set them.
   */
  private static final String[][] DEFAULTS = {
    {"jdk.tls.namedGroups", "x25519,secp256r1,secp384r1"},
    {
      "jdk.tls.client.cipherSuites",
      String.join(
          ",",
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
    },
  };

  /** Starts loading the TLS classes in the background; harmless if TLS is never used. */
  static void warmUp() {
    defaults();
    Thread t = new Thread(Tls::loadClasses, "tls-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void defaults() {
    for (String[] d : DEFAULTS) {
      if (System.getProperty(d[0]) == null) {
        System.setProperty(d[0], d[1]);
      }
    }
  }

  private static void loadClasses() {
    try {
      CertificateFactory.getInstance("X.509");
      KeyStore.getInstance(KeyStore.getDefaultType()).load(null, null);
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      SSLContext.getInstance("TLS").init(null, new TrustManager[] {new TrustAll()}, null);
    } catch (Exception | LinkageError ignored) {
      // only a warm-up: the real set-up reports any problem
    }
    S3ctl.trace("tls classes loaded");
  }

  /** The SSLContext for {@code ctx}'s server. */
  static SSLContext context(Config.Context ctx) {
    defaults();
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      if (ctx.insecure()) {
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      } else if (ctx.caPem() != null) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c :
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(ctx.caPem()))) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl.init(null, tmf.getTrustManagers(), null);
      } else {
        return SSLContext.getDefault();
      }
      return ssl;
    } catch (Exception e) {
      throw new CliException(
          "cannot use the certificate authority of context \""
              + ctx.name()
              + "\" ("
              + ctx.source()
              + "): "
              + e.getMessage());
    }
  }

  /** For {@code --insecure-skip-tls-verify} only. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** For {@code --insecure-skip-tls-verify} only. */
  static final class AnyHost implements HostnameVerifier {
    @Override
    public boolean verify(String host, SSLSession session) {
      return true;
    }
  }
}
