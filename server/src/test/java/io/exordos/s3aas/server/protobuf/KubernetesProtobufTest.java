package io.exordos.s3aas.server.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.exordos.s3aas.server.api.ApiException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Authorization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies encoded as a Go client encodes them (every non-pointer field written, zero times as Go's
 * zero time) come out as the JSON kube-apiserver would have been sent; the OpenAPI v2 document uses
 * gnostic's field numbers on the wire.
 */
class KubernetesProtobufTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GO_ZERO_TIME = -62135596800L;
  private final KubernetesProtobuf codec = new KubernetesProtobuf(JSON);

  private static byte[] envelope(String apiVersion, String kind, Message object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(
        Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString())
            .setContentEncoding("")
            .setContentType("")
            .build()
            .toByteArray());
    return out.toByteArray();
  }

  private static Meta.ObjectMeta.Builder goMeta(String name, String namespace) {
    // what a Go client writes for an object it only named: zero values included
    return Meta.ObjectMeta.newBuilder()
        .setName(name)
        .setGenerateName("")
        .setNamespace(namespace)
        .setSelfLink("")
        .setUid("")
        .setResourceVersion("")
        .setGeneration(0)
        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(GO_ZERO_TIME).setNanos(0));
  }

  @Test
  void secretComesOutAsKubernetesJson() {
    V1.Secret secret =
        V1.Secret.newBuilder()
            .setMetadata(goMeta("creds", "team").putLabels("app", "reports"))
            .putData("accessKeyId", ByteString.copyFromUtf8("AKIA"))
            .putData("empty", ByteString.EMPTY)
            .putStringData("note", "plain")
            .setType("")
            .build();
    ObjectNode json = codec.toJson(envelope("v1", "Secret", secret));
    assertThat(json)
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "apiVersion", "v1",
                    "kind", "Secret",
                    "metadata",
                        Map.of(
                            "name",
                            "creds",
                            "namespace",
                            "team",
                            "labels",
                            Map.of("app", "reports")),
                    "data", Map.of("accessKeyId", "QUtJQQ==", "empty", ""),
                    "stringData", Map.of("note", "plain"))));
  }

  @Test
  void eventTimesAreRfc3339AndNumbersStayNumbers() {
    V1.Event event =
        V1.Event.newBuilder()
            .setMetadata(goMeta("data.1", "default"))
            .setInvolvedObject(
                V1.ObjectReference.newBuilder()
                    .setKind("S3Instance")
                    .setName("data")
                    .setUid("u-1")
                    .setApiVersion("s3aas.exordos.io/v1alpha1"))
            .setReason("Ready")
            .setCount(3)
            .setFirstTimestamp(Meta.Time.newBuilder().setSeconds(1_796_000_000L))
            .setLastTimestamp(Meta.Time.newBuilder().setSeconds(1_796_000_010L))
            .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1_796_000_010L).setNanos(5_000))
            .build();
    JsonNode json = codec.toJson(envelope("v1", "Event", event));
    assertThat(json.path("count").isInt()).isTrue();
    assertThat(json.path("count").asInt()).isEqualTo(3);
    assertThat(json.path("firstTimestamp").asText()).isEqualTo("2026-11-30T00:53:20Z");
    assertThat(json.path("lastTimestamp").asText()).isEqualTo("2026-11-30T00:53:30Z");
    assertThat(json.path("eventTime").asText()).isEqualTo("2026-11-30T00:53:30.000005Z");
    assertThat(json.path("involvedObject").path("kind").asText()).isEqualTo("S3Instance");
    assertThat(json.path("metadata").has("creationTimestamp")).isFalse();
  }

  @Test
  void accessReviewKeepsItsAttributes() {
    V1Authorization.SelfSubjectAccessReview review =
        V1Authorization.SelfSubjectAccessReview.newBuilder()
            .setMetadata(goMeta("", ""))
            .setSpec(
                V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                    .setResourceAttributes(
                        V1Authorization.ResourceAttributes.newBuilder()
                            .setNamespace("team")
                            .setVerb("create")
                            .setGroup("s3aas.exordos.io")
                            .setVersion("")
                            .setResource("buckets")
                            .setSubresource("")
                            .setName("")))
            .setStatus(V1Authorization.SubjectAccessReviewStatus.newBuilder().setAllowed(false))
            .build();
    JsonNode json =
        codec.toJson(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", review));
    assertThat(json.path("spec").path("resourceAttributes"))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "namespace", "team",
                    "verb", "create",
                    "group", "s3aas.exordos.io",
                    "resource", "buckets")));
  }

  @Test
  void kindsNotServedAndBrokenBodiesAreRefused() {
    byte[] configMap = envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().build());
    assertThatThrownBy(() -> codec.toJson(configMap))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415))
        .hasMessageContaining("v1 ConfigMap");
    assertThatThrownBy(() -> codec.toJson("{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("k8s\\0");
    byte[] truncated = envelope("v1", "Secret", V1.Secret.newBuilder().build());
    byte[] broken = java.util.Arrays.copyOf(truncated, truncated.length + 2);
    broken[broken.length - 2] = (byte) 0xff;
    broken[broken.length - 1] = (byte) 0xff;
    assertThatThrownBy(() -> codec.toJson(broken))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void openApiV2UsesGnosticFieldNumbers() throws Exception {
    OpenApiV2 v2 = new OpenApiV2(JSON);
    ObjectNode schema =
        (ObjectNode)
            JSON.readTree(
                """
                {"type":"object","properties":{"spec":{"type":"object","required":["size"],
                 "properties":{"size":{"type":"integer","format":"int64"},
                  "tags":{"type":"array","items":{"type":"string"}},
                  "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}},
                 "x-kubernetes-group-version-kind":[{"group":"g.io","kind":"Thing","version":"v1"}]}
                """);
    ObjectNode doc = v2.document(Map.of("io.g.v1.Thing", schema));
    JsonNode thing = doc.path("definitions").path("io.g.v1.Thing");
    assertThat(thing.path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("spec", "apiVersion", "kind", "metadata");
    // preserved unknown fields are "any value" for kubectl, as kube-apiserver publishes them
    assertThat(thing.path("properties").path("spec").path("properties").path("extra").isEmpty())
        .isTrue();

    UnknownFieldSet document = UnknownFieldSet.parseFrom(v2.encode(doc));
    assertThat(string(document, 1)).isEqualTo("2.0");
    UnknownFieldSet definitions = message(document, 9);
    UnknownFieldSet named = message(definitions, 1);
    assertThat(string(named, 1)).isEqualTo("io.g.v1.Thing");
    UnknownFieldSet thingSchema = message(named, 2);
    assertThat(string(message(thingSchema, 22), 1)).isEqualTo("object"); // type
    UnknownFieldSet extension = message(thingSchema, 31); // vendor_extension
    assertThat(string(extension, 1)).isEqualTo("x-kubernetes-group-version-kind");
    assertThat(JSON.readTree(string(message(extension, 2), 2))) // Any.yaml
        .isEqualTo(schema.get("x-kubernetes-group-version-kind"));
    List<String> properties =
        message(thingSchema, 25).getField(1).getLengthDelimitedList().stream()
            .map(b -> parse(b).getField(1).getLengthDelimitedList().get(0).toStringUtf8())
            .toList();
    assertThat(properties).contains("spec", "metadata");
  }

  private static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static UnknownFieldSet message(UnknownFieldSet set, int number) {
    return parse(set.getField(number).getLengthDelimitedList().get(0));
  }

  private static String string(UnknownFieldSet set, int number) {
    return set.getField(number).getLengthDelimitedList().get(0).toStringUtf8();
  }
}
