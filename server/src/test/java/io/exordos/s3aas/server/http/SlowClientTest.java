package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: connections that stop half-way through their headers or body are closed by the server
 * within seconds, so a client cannot hold sockets (and threads) forever.
 */
class SlowClientTest {
  @Test
  void halfSentRequestsAreClosedWithinSeconds() throws Exception {
    try (TestServer server = TestServer.start()) {
      String[] halfRequests = {
        "GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
        "POST /api/v1/namespaces/default/secrets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + server.token()
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"meta",
      };
      List<Socket> sockets = new ArrayList<>();
      try {
        for (String half : halfRequests) {
          SSLSocket s =
              (SSLSocket)
                  ApiClient.trusting(server.caPem())
                      .getSocketFactory()
                      .createSocket("127.0.0.1", server.port());
          s.startHandshake();
          s.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          s.setSoTimeout((int) (3 * ApiHandler.IDLE_TIMEOUT_MS));
          sockets.add(s);
        }
        long start = System.nanoTime();
        for (Socket s : sockets) {
          assertThat(readUntilClosed(s.getInputStream())).as("the server closed it").isTrue();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).isLessThanOrEqualTo(2 * ApiHandler.IDLE_TIMEOUT_MS / 1000);
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  /** Reads (a 4xx answer may come first) until the server closes; false on our read timeout. */
  private static boolean readUntilClosed(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // the answer, if any, is not what this test is about
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset or TLS close: closed all the same
    }
  }
}
