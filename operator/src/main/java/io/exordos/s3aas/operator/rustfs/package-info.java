/**
 * The RustFS node client: S3 and admin calls of one node ({@code NodeClient}, capped in flight,
 * retried and circuit-broken per node), one client per instance ({@code NodeClients}), the bucket
 * settings a node reports ({@code BucketSettings}), and the node's errors ({@code NodeException}).
 */
package io.exordos.s3aas.operator.rustfs;
