package io.exordos.s3aas.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import org.jspecify.annotations.Nullable;

/** A bucket on an S3 instance, with its versioning, lock, quota and access settings. */
@Group(S3Instance.GROUP)
@Version(S3Instance.VERSION)
@ShortNames("bkt")
@AdditionalPrinterColumn(
    name = "Instance",
    jsonPath = ".spec.instanceRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.usage.bytes",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Objects",
    jsonPath = ".status.usage.objects",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Versioning",
    jsonPath = ".spec.versioning",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Quota",
    jsonPath = ".spec.quotaBytes",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
public class Bucket extends CustomResource<BucketSpec, BucketStatus> implements Namespaced {
  /** Null until the operator first records one (fabric8 leaves a new resource's status unset). */
  @Override
  public @Nullable BucketStatus getStatus() {
    return super.getStatus();
  }
}
