package io.exordos.s3aas.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * (d) Connection exhaustion: 1,000 idle connections, 200 that trickle their headers one byte a
 * second and 100 that declare a body they never send, re-opened as the server closes them, for 20
 * s. Goal: a probe GET on a new connection, every 200 ms meanwhile, is answered within 1 s.
 */
final class ConnectionFlood implements Chaos.Scenario {
  static final int IDLE = 1_000;
  static final int TRICKLING = 200;
  static final int SILENT_BODY = 100;
  static final int SECONDS = 20;

  private enum Kind {
    IDLE,
    TRICKLING,
    SILENT_BODY
  }

  /** One flooding connection and what it sends. */
  private static final class Hog {
    final Kind kind;
    SocketChannel channel;
    int sent;

    Hog(Kind kind, SocketChannel channel) {
      this.kind = kind;
      this.channel = channel;
    }
  }

  @Override
  public void run(Report report, Path dir) throws Exception {
    try (Postgres pg = Postgres.start();
        ApiServer server = new ApiServer(dir, pg).start()) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
      String probe =
          "GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + server.token()
              + "\r\nConnection: close\r\n\r\n";
      List<Hog> hogs = new ArrayList<>();
      for (int i = 0; i < IDLE + TRICKLING + SILENT_BODY; i++) {
        Kind kind = i < IDLE ? Kind.IDLE : i < IDLE + TRICKLING ? Kind.TRICKLING : Kind.SILENT_BODY;
        hogs.add(new Hog(kind, open(address, kind, server.token())));
      }
      report.figure("connections opened", hogs.size());
      int reopened = 0;
      List<Long> probes = new ArrayList<>();
      int failed = 0;
      long end = System.nanoTime() + SECONDS * 1_000_000_000L;
      long nextTrickle = 0;
      while (System.nanoTime() < end) {
        if (System.nanoTime() >= nextTrickle) {
          for (Hog h : hogs) {
            if (!stillOpen(h)) {
              h.channel.close();
              h.channel = open(address, h.kind, server.token());
              h.sent = 0;
              reopened++;
            }
          }
          nextTrickle = System.nanoTime() + 1_000_000_000L;
        }
        long t = System.nanoTime();
        int status = probe(address, probe);
        long ms = (System.nanoTime() - t) / 1_000_000;
        probes.add(ms);
        if (status != 200) {
          failed++;
        }
        Await.sleep(200);
      }
      for (Hog h : hogs) {
        h.channel.close();
      }
      probes.sort(null);
      report.figure("connections the server closed and the flood re-opened", reopened);
      report.figure(
          "probe GETs",
          probes.size()
              + ", p50 "
              + probes.get(probes.size() / 2)
              + " ms, p99 "
              + probes.get(probes.size() * 99 / 100)
              + " ms");
      report.atMost("slowest probe GET, ms", probes.get(probes.size() - 1), 1_000);
      report.atMost("probe GETs not answered 200", failed, 0);
    }
  }

  private static SocketChannel open(InetSocketAddress address, Kind kind, String token)
      throws IOException {
    SocketChannel c = SocketChannel.open(address);
    c.configureBlocking(false);
    if (kind == Kind.SILENT_BODY) {
      String head =
          "POST /api/v1/namespaces/default/secrets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
      c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
    }
    return c;
  }

  /** Reads what the server sent (an error, or its close); trickles one more header byte. */
  private static boolean stillOpen(Hog h) {
    try {
      ByteBuffer sink = ByteBuffer.allocate(4096);
      int n;
      while ((n = h.channel.read(sink)) > 0) {
        sink.clear();
      }
      if (n < 0) {
        return false;
      }
      if (h.kind == Kind.TRICKLING) {
        String header = "GET /api/v1/namespaces HTTP/1.1\r\nX-Slow: ";
        byte b = h.sent < header.length() ? (byte) header.charAt(h.sent) : (byte) 'a';
        h.channel.write(ByteBuffer.wrap(new byte[] {b}));
        h.sent++;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One GET on a new connection; its status (0: no answer within 10 s). */
  private static int probe(InetSocketAddress address, String request) {
    try (Socket s = new Socket()) {
      s.connect(address, 10_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] status = in.readNBytes(12); // "HTTP/1.1 200"
      String line = new String(status, StandardCharsets.US_ASCII);
      return line.length() == 12 ? Integer.parseInt(line.substring(9, 12)) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
