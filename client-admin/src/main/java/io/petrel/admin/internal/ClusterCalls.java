package io.petrel.admin.internal;

import io.petrel.admin.ClusterDescription;
import io.petrel.client.Node;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeClusterRequest;
import io.petrel.protocol.schemas.DescribeClusterResponse;
import io.petrel.protocol.schemas.DescribeClusterResponse.DescribeClusterBroker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DescribeCluster to any broker: the cluster id, the controller it reports and the brokers. */
final class ClusterCalls {
    private final AdminRequests requests;

    ClusterCalls(AdminRequests requests) {
        this.requests = requests;
    }

    CompletableFuture<ClusterDescription> describeCluster() {
        return requests.retrying("DescribeCluster", () -> requests.toAny(ApiKey.DESCRIBE_CLUSTER,
                version -> DescribeClusterRequest.SCHEMA.newMessage()
                        .set(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, false)
                        .set(DescribeClusterRequest.INCLUDE_FENCED_BROKERS, false))
                .thenApply(response -> {
                    Message body = response.body();
                    AdminErrors.check(body.get(DescribeClusterResponse.ERROR_CODE), body.get(DescribeClusterResponse.ERROR_MESSAGE),
                            "The cluster");
                    List<Node> nodes = new ArrayList<>();
                    for (Message b : body.get(DescribeClusterResponse.BROKERS)) {
                        nodes.add(new Node(b.get(DescribeClusterBroker.BROKER_ID), b.get(DescribeClusterBroker.HOST),
                                b.get(DescribeClusterBroker.PORT), b.get(DescribeClusterBroker.RACK)));
                    }
                    int controllerId = body.get(DescribeClusterResponse.CONTROLLER_ID);
                    Node controller = nodes.stream().filter(n -> n.id() == controllerId).findFirst().orElse(null);
                    return new ClusterDescription(body.get(DescribeClusterResponse.CLUSTER_ID), controller, nodes);
                }));
    }
}
