package io.exordos.s3aas.server.protobuf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.exordos.s3aas.server.api.ApiException;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Authorization;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body in the Kubernetes protobuf encoding ({@code
 * application/vnd.kubernetes.protobuf}), which kubectl's typed clients use for built-in kinds
 * ({@code create secret}, {@code create namespace}, {@code auth can-i}): the 4-byte magic {@code
 * k8s\0}, then a {@code runtime.Unknown} whose type meta names the kind and whose raw bytes are the
 * object. The object comes out as the JSON the rest of the server handles.
 */
public final class KubernetesProtobuf {
  /** The media type, as it appears in Content-Type and Accept headers. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  /** The built-in kinds this server serves, by apiVersion/kind, with their generated parsers. */
  private static final Map<String, Parser<? extends Message>> KINDS =
      Map.of(
          "v1/Namespace", V1.Namespace.parser(),
          "v1/Secret", V1.Secret.parser(),
          "v1/Event", V1.Event.parser(),
          "authorization.k8s.io/v1/SelfSubjectAccessReview",
              V1Authorization.SelfSubjectAccessReview.parser(),
          "authorization.k8s.io/v1/SelfSubjectRulesReview",
              V1Authorization.SelfSubjectRulesReview.parser());

  private final ProtoJson converter;

  public KubernetesProtobuf(ObjectMapper json) {
    this.converter = new ProtoJson(json);
  }

  /** Whether a Content-Type header names the Kubernetes protobuf encoding. */
  public static boolean isProtobuf(@Nullable String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).trim().startsWith(MEDIA_TYPE);
  }

  /** The object in a protobuf-encoded body, as JSON with apiVersion and kind set. */
  public ObjectNode toJson(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, 4)) {
      throw ApiException.badRequest(
          "the request body is not in the Kubernetes protobuf encoding (no k8s\\0 prefix)");
    }
    Runtime.Unknown envelope;
    try {
      envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("the request body is not a valid protobuf runtime.Unknown");
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    Parser<? extends Message> parser = KINDS.get(apiVersion + "/" + kind);
    if (parser == null) {
      throw new ApiException(
          415,
          "UnsupportedMediaType",
          "the protobuf encoding is not supported for "
              + (kind.isEmpty() ? "this object" : apiVersion + " " + kind)
              + "; send application/json");
    }
    ObjectNode object;
    try {
      object = converter.toJson(parser.parseFrom(envelope.getRaw()));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("the request body is not a valid protobuf " + kind);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "the request body is not a valid " + kind + ": " + e.getMessage());
    }
    ObjectNode out = object.objectNode();
    out.put("apiVersion", apiVersion);
    out.put("kind", kind);
    out.setAll(object);
    return out;
  }
}
