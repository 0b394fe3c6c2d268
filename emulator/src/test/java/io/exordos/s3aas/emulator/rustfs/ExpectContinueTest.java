package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue}: a request the node refuses gets its error at once, without a "100
 * Continue" that would make the client send a body only to have it thrown away.
 */
class ExpectContinueTest {
  static RustfsNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RustfsNode.start(RustfsNode.Config.of("admin", "root-secret-4"));
    MinioClient root = MinioClientTest.client(node, "admin", "root-secret-4");
    root.makeBucket(MakeBucketArgs.builder().bucket("private").build());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void anAnonymousPutToAPrivateBucketIsRefusedBeforeTheBody() throws Exception {
    try (Socket socket = new Socket(node.host(), node.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /private/obj HTTP/1.1\r\nHost: "
                  + node.host()
                  + ":"
                  + node.port()
                  + "\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\r') {
        statusLine.append((char) c);
      }
      assertThat(statusLine.toString()).isEqualTo("HTTP/1.1 403 Forbidden");
    }
  }
}
