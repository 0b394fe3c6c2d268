package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An HTTP answer built by an API handler before it is written to the wire. */
final class Reply {
  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  final byte @Nullable [] body;

  /** For HEAD: the length to announce without sending a body. */
  long headLength = -1;

  Reply(int status, byte @Nullable [] body) {
    this.status = status;
    this.body = body;
  }

  static Reply ok() {
    return new Reply(200, null);
  }

  static Reply noContent() {
    return new Reply(204, null);
  }

  static Reply xml(Xml xml) {
    return new Reply(200, xml.bytes()).header("Content-Type", "application/xml");
  }

  static Reply json(int status, String json) {
    return new Reply(status, json.getBytes(StandardCharsets.UTF_8))
        .header("Content-Type", "application/json");
  }

  Reply header(String name, @Nullable String value) {
    if (value != null) {
      headers.put(name, value);
    }
    return this;
  }
}
