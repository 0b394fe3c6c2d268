/**
 * The five JOSDK reconcilers. The four children (bucket, policy, user, access key) share one shape,
 * {@code ChildReconciler}: observe (the instance's snapshot) → diff (pure: {@code BucketDiff},
 * {@code AccessKeyDiff}, {@code PolicyDocuments}) → act (node calls) → record status ({@code
 * Statuses}) and events ({@code EventRecorder}). {@code S3InstanceReconciler} provisions the data
 * plane and registers it in the {@code InstanceDirectory}; its default bucket takes the bucket's
 * path ({@code BucketSync}). Deletion: each reconciler's {@code cleanup}, an instance's first
 * through the {@code DeletionGate}. {@code Links} ties children to their instance, {@code Secrets}
 * owns credential Secrets.
 */
package io.exordos.s3aas.operator.reconciler;
