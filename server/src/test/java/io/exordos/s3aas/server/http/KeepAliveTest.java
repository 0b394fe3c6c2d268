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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * A path Jetty would refuse itself (an encoded '.' segment or '/') used to be answered there and
   * the connection closed while the body was still arriving: the client then read a reset instead
   * of the 400. The API refuses it after reading the body, and the connection stays usable.
   */
  @ParameterizedTest
  @ValueSource(strings = {"%2e%2e", "a%2Fb", ".%2E"})
  void anAmbiguousPathIsRefusedAndTheConnectionStaysUsable(String name) throws Exception {
    byte[] body =
        ("{\"metadata\":{\"name\":\"" + "b".repeat(300_000) + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out.write(
          ("PUT /apis/s3aas.exordos.io/v1alpha1/buckets/"
                  + name
                  + " HTTP/1.1\r\n"
                  + "Host: localhost\r\nAuthorization: Bearer "
                  + server.token()
                  + "\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
      char[] answer = new char[skipHeaders(in)];
      assertThat(in.read(answer)).isEqualTo(answer.length);
      assertThat(new String(answer)).contains("the request path is ambiguous");

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
