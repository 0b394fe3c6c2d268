package io.exordos.s3aas.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.api.v1alpha1.BucketStatus;
import io.exordos.s3aas.api.v1alpha1.BucketUsage;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.InstanceUsage;
import io.exordos.s3aas.api.v1alpha1.NodeStatus;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.rustfs.NodeUsage.Bucket;
import io.exordos.s3aas.operator.rustfs.NodeUsage.Data;
import io.exordos.s3aas.operator.rustfs.NodeUsage.Drive;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Bucket and an S3Instance show from one usage report, and when they warn. */
class UsageStatusesTest {
  static final Instant SCAN = Instant.parse("2026-02-28T23:59:59.750Z");

  static NodeSnapshot snapshot(Map<String, Bucket> buckets, List<Drive> drives) {
    return NodeSnapshot.ofUsage(
        SCAN.plusSeconds(5), new Data(SCAN, 1000, 600, 400, buckets), drives);
  }

  @Test
  void aBucketShowsItsCountsAndItsQuotaShare() {
    NodeSnapshot s = snapshot(Map.of("logs", new Bucket(900, 3, 5, 2)), List.of());
    BucketUsage versioned = UsageStatuses.bucket(s, "logs", 1000L, true);
    assertThat(versioned.getObjects()).isEqualTo(3);
    assertThat(versioned.getBytes()).isEqualTo(900);
    assertThat(versioned.getVersions()).isEqualTo(5);
    assertThat(versioned.getDeleteMarkers()).isEqualTo(2);
    assertThat(versioned.getQuota().getUsedBytes()).isEqualTo(900);
    assertThat(versioned.getQuota().getLimitBytes()).isEqualTo(1000);
    assertThat(versioned.getQuota().getPercent()).isEqualTo(90);
    assertThat(versioned.getObservedAt()).isEqualTo("2026-02-28T23:59:59Z");
    assertThat(UsageStatuses.quotaNearlyFull(versioned)).isTrue();

    BucketUsage plain = UsageStatuses.bucket(s, "logs", null, false);
    assertThat(plain.getVersions()).isNull();
    assertThat(plain.getDeleteMarkers()).isNull();
    assertThat(plain.getQuota()).isNull();
    assertThat(UsageStatuses.quotaNearlyFull(plain)).isFalse();
  }

  @Test
  void aBucketTheScanHasNotReachedHasNoNumbersRatherThanZero() {
    NodeSnapshot s = snapshot(Map.of(), List.of());
    assertThat(UsageStatuses.bucket(s, "fresh", 1000L, false)).isNull();
    assertThat(UsageStatuses.bucket(NodeSnapshot.ofUsage(SCAN, null, List.of()), "x", null, false))
        .isNull();
  }

  @Test
  void justUnderNinetyPercentIsNotNearlyFull() {
    NodeSnapshot s = snapshot(Map.of("b", new Bucket(899, 1, 1, 0)), List.of());
    assertThat(UsageStatuses.quotaNearlyFull(UsageStatuses.bucket(s, "b", 1000L, false))).isFalse();
  }

  @Test
  void theFullestNodeDecidesTheInstancesUsedShare() {
    List<NodeStatus> nodes =
        List.of(new NodeStatus("n-a", "10.0.0.1", 9000), new NodeStatus("n-b", "10.0.0.2", 9000));
    NodeSnapshot s =
        snapshot(
            Map.of("a", new Bucket(100, 1, 1, 0), "b", new Bucket(50, 2, 2, 0)),
            List.of(
                new Drive("node1.rustfs.internal", 1000, 500, 500),
                new Drive("node2.rustfs.internal", 1000, 850, 150)));
    InstanceUsage u = UsageStatuses.instance(s, nodes);
    assertThat(u.getNodes()).extracting(n -> n.getNode()).containsExactly("n-a", "n-b");
    assertThat(u.getNodes().get(1).getUsedPercent()).isEqualTo(85);
    assertThat(u.getUsedPercent()).isEqualTo(85);
    assertThat(u.getCapacityBytes()).isEqualTo(1000);
    assertThat(u.getBuckets()).isEqualTo(2);
    assertThat(u.getObjects()).isEqualTo(3);
    assertThat(u.getBytes()).isEqualTo(150);
    assertThat(UsageStatuses.capacityLow(u, null)).isTrue();
    assertThat(UsageStatuses.capacityLow(u, 86)).isFalse();
    assertThat(UsageStatuses.capacityLow(u, 85)).isTrue();
  }

  @Test
  void aSingleNodesLocalDriveIsNamedAfterItsNode() {
    NodeSnapshot s =
        NodeSnapshot.ofUsage(
            SCAN,
            new Data(SCAN, 2000, 100, 1900, Map.of()),
            List.of(new Drive("", 2000, 100, 1900)));
    InstanceUsage u = UsageStatuses.instance(s, List.of(new NodeStatus("n-1", "127.0.0.1", 1)));
    assertThat(u.getNodes())
        .singleElement()
        .satisfies(n -> assertThat(n.getNode()).isEqualTo("n-1"));
    assertThat(u.getUsedPercent()).isEqualTo(5);
  }

  @Test
  void theTotalsCountWhenTheyAreFresherThanTheDrives() {
    // the drives (read every few polls) still show 5 %, the usage scan of this poll 90 %
    NodeSnapshot s =
        NodeSnapshot.ofUsage(
            SCAN,
            new Data(SCAN, 2000, 1800, 200, Map.of()),
            List.of(new Drive("", 2000, 100, 1900)));
    InstanceUsage u = UsageStatuses.instance(s, List.of(new NodeStatus("n-1", "127.0.0.1", 1)));
    assertThat(u.getUsedPercent()).isEqualTo(90);
    assertThat(UsageStatuses.capacityLow(u, 80)).isTrue();
  }

  @Test
  void aWarningTurnsTrueOnceAndFalseWhenItPasses() {
    BucketStatus st = new BucketStatus();
    String type = ConditionTypes.QUOTA_NEARLY_FULL;
    assertThat(UsageStatuses.warn(st, type, false, "QuotaNearlyFull", "m", 1L)).isFalse();
    assertThat(st.condition(type)).isEmpty();
    assertThat(UsageStatuses.warn(st, type, true, "QuotaNearlyFull", "m", 1L)).isTrue();
    assertThat(UsageStatuses.warn(st, type, true, "QuotaNearlyFull", "m", 1L)).isFalse();
    assertThat(st.condition(type).orElseThrow().getStatus()).isEqualTo(Condition.TRUE);
    assertThat(UsageStatuses.warn(st, type, false, "QuotaNearlyFull", "m", 1L)).isFalse();
    assertThat(st.condition(type).orElseThrow().getStatus()).isEqualTo(Condition.FALSE);
    assertThat(UsageStatuses.warn(st, type, true, "QuotaNearlyFull", "m", 1L)).isTrue();
  }

  @Test
  void numbersAreComparedWithoutTheScanTime() {
    BucketUsage a =
        UsageStatuses.bucket(
            snapshot(Map.of("b", new Bucket(1, 1, 1, 0)), List.of()), "b", null, false);
    BucketUsage b =
        UsageStatuses.bucket(
            NodeSnapshot.ofUsage(
                SCAN,
                new Data(SCAN.plusSeconds(60), 1, 1, 0, Map.of("b", new Bucket(1, 1, 1, 0))),
                List.of()),
            "b",
            null,
            false);
    assertThat(UsageStatuses.sameNumbers(a, b)).isTrue();
    b.setBytes(2L);
    assertThat(UsageStatuses.sameNumbers(a, b)).isFalse();
  }

  @Test
  void percentIsRoundedDownAndSafeForHugeNumbers() {
    assertThat(UsageStatuses.percent(1, 3)).isEqualTo(33);
    assertThat(UsageStatuses.percent(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(100);
    assertThat(UsageStatuses.percent(5, 0)).isZero();
  }
}
