package io.exordos.s3aas.emulator.rustfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Turns the received body into the object payload and checks it against what was signed: a plain
 * SHA-256, UNSIGNED-PAYLOAD, or the aws-chunked encodings (signed chunks, each chained to the
 * previous signature, or unsigned chunks with a trailer).
 */
final class PayloadDecoder {
  private PayloadDecoder() {}

  static byte[] decode(HttpRequestView req, SigV4.@Nullable Verified auth) {
    byte[] body = req.body();
    if (auth == null) {
      return body;
    }
    String hash = auth.payloadHash();
    return switch (hash) {
      case SigV4.UNSIGNED_PAYLOAD -> body;
      case SigV4.STREAMING_SIGNED -> checkDecodedLength(req, decodeChunks(body, auth, true));
      case SigV4.STREAMING_UNSIGNED_TRAILER ->
          checkDecodedLength(req, decodeChunks(body, auth, false));
      default -> {
        if (!MessageDigest.isEqual(
            hash.getBytes(StandardCharsets.US_ASCII),
            SigV4.sha256Hex(body).getBytes(StandardCharsets.US_ASCII))) {
          throw new S3Exception(
              400,
              "XAmzContentSHA256Mismatch",
              "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        yield body;
      }
    };
  }

  private static byte[] checkDecodedLength(HttpRequestView req, byte[] data) {
    String declared =
        req.header("x-amz-decoded-content-length")
            .orElseThrow(
                () ->
                    new S3Exception(
                        411,
                        "MissingContentLength",
                        "You must provide the Content-Length HTTP header."));
    if (!declared.equals(Long.toString(data.length))) {
      throw new S3Exception(
          400,
          "IncompleteBody",
          "You did not provide the number of bytes specified by the Content-Length HTTP header.");
    }
    return data;
  }

  private static byte[] decodeChunks(byte[] body, SigV4.Verified auth, boolean signed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    String previous = auth.signature();
    int pos = 0;
    while (true) {
      int lineEnd = indexOfCrlf(body, pos);
      if (lineEnd < 0) {
        throw chunkError();
      }
      String header = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      pos = lineEnd + 2;
      String sizeText = header;
      String chunkSignature = null;
      int semi = header.indexOf(';');
      if (semi >= 0) {
        sizeText = header.substring(0, semi);
        String ext = header.substring(semi + 1);
        if (ext.startsWith("chunk-signature=")) {
          chunkSignature = ext.substring("chunk-signature=".length());
        }
      }
      int size;
      try {
        size = Integer.parseInt(sizeText.trim(), 16);
      } catch (NumberFormatException e) {
        throw chunkError();
      }
      if (size < 0 || pos + size > body.length) {
        throw chunkError();
      }
      if (signed) {
        if (chunkSignature == null) {
          throw S3Exception.signatureDoesNotMatch();
        }
        byte[] chunk = java.util.Arrays.copyOfRange(body, pos, pos + size);
        String toSign =
            "AWS4-HMAC-SHA256-PAYLOAD\n"
                + auth.amzDate()
                + "\n"
                + auth.scope()
                + "\n"
                + previous
                + "\n"
                + SigV4.EMPTY_SHA256
                + "\n"
                + SigV4.sha256Hex(chunk);
        String expected = SigV4.sign(auth.signingKey(), toSign);
        if (!expected.equals(chunkSignature)) {
          throw S3Exception.signatureDoesNotMatch();
        }
        previous = chunkSignature;
      }
      out.write(body, pos, size);
      pos += size;
      if (size == 0) {
        // Unsigned streaming ends with trailer lines (checksums) and an empty line; they are not
        // checked.
        return out.toByteArray();
      }
      if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
        throw chunkError();
      }
      pos += 2;
    }
  }

  private static S3Exception chunkError() {
    return new S3Exception(400, "IncompleteBody", "The aws-chunked body is malformed.");
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
