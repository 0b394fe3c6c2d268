/**
 * The s3aas resource model, API group {@code s3aas.exordos.io}, version {@code v1alpha1}.
 *
 * <p>Every kind is namespaced; a namespace is a MetaPaaS project. Each kind is a fabric8 {@code
 * CustomResource} with a spec (desired state, written by users) and a status (observed state,
 * written only by the operator through the {@code /status} subresource). The CRDs in {@code crds/}
 * are generated from these classes, so the validation rules below are the ones a real Kubernetes
 * API server and the s3aas server both enforce:
 *
 * <ul>
 *   <li>{@code @Pattern}, {@code @Min}, {@code @Max}, enums and {@code @Required} become OpenAPI
 *       schema constraints;
 *   <li>{@code @ValidationRule("self == oldSelf")} marks a field immutable and {@code "self >=
 *       oldSelf"} a value that may only grow. The s3aas server understands exactly these two CEL
 *       forms (see {@code server/.../validation/TransitionRules}).
 * </ul>
 */
package io.exordos.s3aas.api.v1alpha1;
