package io.exordos.s3aas.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import org.jspecify.annotations.Nullable;

/** An S3 service: a set of RustFS data-plane nodes with a default bucket. */
@Group(S3Instance.GROUP)
@Version(S3Instance.VERSION)
@ShortNames("s3i")
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".spec.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Nodes",
    jsonPath = ".spec.nodes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".status.endpoint",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Used%",
    jsonPath = ".status.usage.usedPercent",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Bucket",
    jsonPath = ".spec.bucketName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Display-Name",
    jsonPath = ".spec.displayName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Encryption",
    jsonPath = ".spec.encryption",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class S3Instance extends CustomResource<S3InstanceSpec, S3InstanceStatus>
    implements Namespaced {
  public static final String GROUP = "s3aas.exordos.io";
  public static final String VERSION = "v1alpha1";

  /** Null until the operator first records one (fabric8 leaves a new resource's status unset). */
  @Override
  public @Nullable S3InstanceStatus getStatus() {
    return super.getStatus();
  }
}
