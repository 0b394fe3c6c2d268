package io.exordos.s3aas.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.api.v1alpha1.BucketUsage;
import io.exordos.s3aas.api.v1alpha1.InstanceUsage;
import io.exordos.s3aas.api.v1alpha1.NodeUsage;
import io.exordos.s3aas.api.v1alpha1.QuotaUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage series a Prometheus scrape of the operator sees. */
class UsageMetricsTest {
  @Test
  void instanceNodeAndBucketSeriesComeAndGoWithTheirObjects() {
    UsageMetrics m = new UsageMetrics();
    InstanceUsage i = new InstanceUsage();
    i.setCapacityBytes(1000L);
    i.setUsedBytes(850L);
    i.setFreeBytes(150L);
    i.setBytes(800L);
    i.setObjects(3L);
    NodeUsage n = new NodeUsage();
    n.setNode("node-a");
    n.setCapacityBytes(1000L);
    n.setUsedBytes(850L);
    n.setFreeBytes(150L);
    i.setNodes(List.of(n));
    m.instance("team-a", "data", i, 80);
    BucketUsage b = new BucketUsage();
    b.setBytes(800L);
    b.setObjects(3L);
    QuotaUsage q = new QuotaUsage();
    q.setLimitBytes(1000L);
    b.setQuota(q);
    m.bucket("team-a", "logs\"x", "data", b);

    String text = m.scrape();
    assertThat(text)
        .contains("# TYPE s3aas_instance_capacity_bytes gauge\n")
        .contains("s3aas_instance_capacity_bytes{namespace=\"team-a\",instance=\"data\"} 1000\n")
        .contains("s3aas_instance_used_bytes{namespace=\"team-a\",instance=\"data\"} 850\n")
        .contains(
            "s3aas_instance_capacity_low_threshold_ratio{namespace=\"team-a\",instance=\"data\"}"
                + " 0.8\n")
        .contains(
            "s3aas_node_used_bytes{namespace=\"team-a\",instance=\"data\",node=\"node-a\"} 850\n")
        .contains(
            "s3aas_bucket_bytes{namespace=\"team-a\",bucket=\"logs\\\"x\",instance=\"data\"} 800\n")
        .contains(
            "s3aas_bucket_quota_bytes{namespace=\"team-a\",bucket=\"logs\\\"x\",instance=\"data\"}"
                + " 1000\n")
        // an unversioned bucket has no version series
        .doesNotContain("s3aas_bucket_versions");

    m.removeBucket("team-a", "logs\"x");
    m.removeInstance("team-a", "data");
    assertThat(m.scrape()).isEmpty();
  }
}
