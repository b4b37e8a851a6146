package io.petrel.admin;

import io.petrel.client.Node;

import java.util.List;

/**
 * The cluster as {@link Admin#describeCluster} describes it.
 *
 * @param clusterId  its id
 * @param controller the controller node as the broker reports it, or null when none is reported
 * @param nodes      its brokers
 */
public record ClusterDescription(String clusterId, Node controller, List<Node> nodes) {
    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
