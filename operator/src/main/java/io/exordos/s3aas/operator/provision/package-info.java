/**
 * Instances' nodes behind the {@code Provisioner} interface, chosen by a sealed {@code
 * ProvisionerConfig}: {@code ExordosProvisioner} (node sets and {@code rustfs.env} configs through
 * {@code ExordosClient}) and {@code LocalProvisioner} (local processes, started through {@code
 * LocalNodes}). Also what both share: the {@code InstancePlan}, stable ids ({@code Uuids}), the
 * {@code rustfs.env} template and the versions catalog.
 */
package io.exordos.s3aas.operator.provision;
