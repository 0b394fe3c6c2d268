package io.exordos.s3aas.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import org.jspecify.annotations.Nullable;

/** An IAM policy that users of an instance can be given. */
@Group(S3Instance.GROUP)
@Version(S3Instance.VERSION)
@ShortNames("pol")
@AdditionalPrinterColumn(
    name = "Instance",
    jsonPath = ".spec.instanceRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class S3Policy extends CustomResource<S3PolicySpec, ResourceStatus> implements Namespaced {
  /** Null until the operator first records one (fabric8 leaves a new resource's status unset). */
  @Override
  public @Nullable ResourceStatus getStatus() {
    return super.getStatus();
  }
}
