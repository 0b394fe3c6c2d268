package io.exordos.s3aas.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import org.jspecify.annotations.Nullable;

/** An S3 access key pair of a user; the credentials live in a Secret. */
@Group(S3Instance.GROUP)
@Version(S3Instance.VERSION)
@ShortNames("key")
@AdditionalPrinterColumn(
    name = "User",
    jsonPath = ".spec.userRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Key ID",
    jsonPath = ".status.accessKeyId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Enabled",
    jsonPath = ".spec.enabled",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AccessKey extends CustomResource<AccessKeySpec, AccessKeyStatus>
    implements Namespaced {
  /** Null until the operator first records one (fabric8 leaves a new resource's status unset). */
  @Override
  public @Nullable AccessKeyStatus getStatus() {
    return super.getStatus();
  }
}
