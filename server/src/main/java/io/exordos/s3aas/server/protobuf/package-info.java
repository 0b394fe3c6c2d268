/**
 * The Kubernetes protobuf encoding kubectl's typed clients send for built-in kinds, read into the
 * JSON the server handles ({@code KubernetesProtobuf}, {@code ProtoJson}), and the protobuf-encoded
 * OpenAPI v2 document kubectl validates against ({@code OpenApiV2}).
 */
package io.exordos.s3aas.server.protobuf;
