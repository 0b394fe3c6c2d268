/**
 * The operator as a whole: {@code S3aasOperator} wires the JOSDK reconcilers, the fabric8 client
 * (HTTP watches, {@code MalformedFieldSkipper} for mistyped fields), the provisioner, the node
 * clients and the observation cache from one {@code OperatorConfig}, and serves {@code
 * OperatorMetrics}. Command lines live in the launcher ({@code dist}).
 */
package io.exordos.s3aas.operator;
