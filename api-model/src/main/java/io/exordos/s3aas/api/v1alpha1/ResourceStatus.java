package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Status shared by every kind: a phase, conditions and the generation they describe (the
 * Strimzi/rustfs-operator model). Kind-specific observed fields live in subclasses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {
  private @Nullable Phase phase;
  private List<Condition> conditions = new ArrayList<>();
  private @Nullable Long observedGeneration;

  public @Nullable Phase getPhase() {
    return phase;
  }

  public void setPhase(@Nullable Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(@Nullable List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  public @Nullable Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(@Nullable Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @JsonIgnore
  public boolean isReady() {
    return condition(ConditionTypes.READY)
        .map(c -> Condition.TRUE.equals(c.getStatus()))
        .orElse(false);
  }

  /**
   * Records a condition, keeping its {@code lastTransitionTime} unless its status changed, so the
   * time says when the resource entered its current state rather than when it was last looked at.
   */
  public void setCondition(
      String type,
      String status,
      String reason,
      @Nullable String message,
      @Nullable Long generation) {
    Condition next = new Condition(type, status, reason, message);
    next.setObservedGeneration(generation);
    Optional<Condition> previous = condition(type);
    next.setLastTransitionTime(
        previous
            .filter(p -> status.equals(p.getStatus()) && p.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(next);
  }
}
