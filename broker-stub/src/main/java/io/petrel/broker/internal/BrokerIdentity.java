package io.petrel.broker.internal;

/**
 * Who this broker is to clients, known once it has bound its port: the node Metadata, FindCoordinator
 * and DescribeCluster name.
 *
 * @param nodeId    the node id
 * @param host      the advertised host
 * @param port      the advertised port
 * @param clusterId the cluster id, stable across restarts of one data directory
 */
public record BrokerIdentity(int nodeId, String host, int port, String clusterId) {
}
