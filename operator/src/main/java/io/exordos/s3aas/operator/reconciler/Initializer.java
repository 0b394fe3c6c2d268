package io.exordos.s3aas.operator.reconciler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method its framework calls before any other method of the object: JOSDK calls a
 * reconciler's {@code prepareEventSources} before it reconciles or cleans up anything. NullAway
 * (make typecheck) recognizes an annotation of this simple name and counts the fields such a method
 * assigns as initialized.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
@interface Initializer {}
