/**
 * What the data planes hold: {@code ObservationCache} polls each registered instance in bulk
 * (users, policies, buckets, a rotating sample of bucket settings) into a {@code NodeSnapshot} that
 * reconcilers read instead of asking per object, and {@code DriftEventSource} triggers the objects
 * a poll finds out of sync. Registering an instance is explicit (see {@code InstanceDirectory}).
 */
package io.exordos.s3aas.operator.observe;
