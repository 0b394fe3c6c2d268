package io.exordos.s3aas.operator.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exordos.s3aas.operator.rustfs.NodeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one retry loop and circuit breaker every node and Core call goes through. */
class RetryTest {
  static final Retry RETRY = new Retry(3, Duration.ofMillis(1), 2);

  static NodeException translate(Exception e) {
    return e instanceof NodeException n ? n : new NodeException(0, "Unreachable", e.toString());
  }

  static int run(CircuitBreaker breaker, NodeException failure) {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                RETRY.call(
                    () -> {
                      attempts.incrementAndGet();
                      throw failure;
                    },
                    RetryTest::translate,
                    breaker,
                    () -> new NodeException(503, "NodeUnavailable", "open")))
        .isInstanceOf(NodeException.class);
    return attempts.get();
  }

  @Test
  void aRefusalForGoodIsNotRetriedAndNeverOpensTheCircuit() {
    CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30));
    NodeException refused = new NodeException(400, "InvalidRequest", "unknown field");
    for (int i = 0; i < 5; i++) {
      assertThat(run(breaker, refused)).isEqualTo(1);
    }
    assertThat(breaker.isOpen()).isFalse();
    // a 500 proved to be a refusal (RustFS's "policy in use") counts as one too
    assertThat(run(breaker, NodeException.refused(500, "PolicyInUse", "attached"))).isEqualTo(1);
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void transientFailuresAreRetriedAndOpenTheCircuit() {
    CircuitBreaker breaker = new CircuitBreaker(5, Duration.ofSeconds(30));
    NodeException down = new NodeException(503, "ServiceUnavailable", "down");
    assertThat(run(breaker, down)).isEqualTo(3);
    assertThat(breaker.isOpen()).isFalse();
    assertThat(run(breaker, down)).isEqualTo(2); // the fifth failure in a row opens it
    assertThat(breaker.isOpen()).isTrue();
    assertThat(run(breaker, down)).isZero(); // open: fails fast, no call
  }

  @Test
  void notYetIsNeitherRetriedNorAFailureOfTheNode() {
    CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(30));
    NodeException notCounted =
        new NodeException(503, NodeException.USAGE_NOT_COUNTED, "usage not counted yet");
    assertThat(notCounted.isTransient()).isTrue();
    assertThat(run(breaker, notCounted)).isEqualTo(1);
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void anAnswerClosesTheCountOfFailures() {
    CircuitBreaker breaker = new CircuitBreaker(5, Duration.ofSeconds(30));
    NodeException down = new NodeException(503, "ServiceUnavailable", "down");
    assertThat(run(breaker, down)).isEqualTo(3);
    AtomicInteger attempts = new AtomicInteger();
    String answer =
        RETRY.call(
            () -> attempts.incrementAndGet() == 1 ? fail(down) : "ok",
            RetryTest::translate,
            breaker,
            () -> new NodeException(503, "NodeUnavailable", "open"));
    assertThat(answer).isEqualTo("ok");
    assertThat(run(breaker, down)).isEqualTo(3);
    assertThat(breaker.isOpen()).isFalse();
  }

  static String fail(NodeException e) {
    throw e;
  }
}
