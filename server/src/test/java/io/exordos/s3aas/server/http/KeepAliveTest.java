package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body was read (here 401) must leave the kept-alive connection
 * usable: clients such as java.net.http send the body after the headers, reuse the connection for
 * the next request, and lost that request when the server dropped the connection unannounced.
 */
class KeepAliveTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRequestRefusedBeforeItsBodyLeavesTheConnectionUsable() throws Exception {
    byte[] body =
        "{\"apiVersion\":\"s3aas.exordos.io/v1alpha1\",\"kind\":\"Bucket\",\"metadata\":{\"name\":\"k\"}}"
            .getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out.write(
          ("POST /apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets HTTP/1.1\r\n"
                  + "Host: localhost\r\nAuthorization: Bearer not-a-token\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The scenario itself, not a wait for a condition: the body arrives in a later packet, after
      // the server has had time to refuse the request from its headers alone.
      Thread.sleep(100);
      out.write(body);
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
      int length = skipHeaders(in);
      in.skip(length);

      out.write(
          "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  /** Reads the header lines; returns the Content-Length. */
  private static int skipHeaders(BufferedReader in) throws IOException {
    int length = 0;
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return length;
  }
}
