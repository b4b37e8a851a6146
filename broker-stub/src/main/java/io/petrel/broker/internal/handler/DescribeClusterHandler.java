package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.BrokerIdentity;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeClusterRequest;
import io.petrel.protocol.schemas.DescribeClusterResponse;
import io.petrel.protocol.schemas.DescribeClusterResponse.DescribeClusterBroker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeCluster (v0-2): the cluster id, this node as the only broker (never fenced) and as
 * the controller. A request for controller endpoints (endpoint type 2, v1+) is MISMATCHED_ENDPOINT_TYPE,
 * as a Kafka broker answers it: clients reach this node as a broker.
 */
public final class DescribeClusterHandler implements RequestHandler {
    private static final byte BROKER_ENDPOINT = 1;

    private final BrokerIdentity identity;
    private final RequestAuthorizer access;

    public DescribeClusterHandler(BrokerIdentity identity, RequestAuthorizer access) {
        this.identity = identity;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_CLUSTER;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_CLUSTER.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        short version = context.apiVersion();
        Message body = DescribeClusterResponse.SCHEMA.newMessage()
                .set(DescribeClusterResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeClusterResponse.CLUSTER_ID, identity.clusterId())
                .set(DescribeClusterResponse.CONTROLLER_ID, identity.nodeId());
        if (version >= 1 && request.get(DescribeClusterRequest.ENDPOINT_TYPE) != BROKER_ENDPOINT) {
            return body.set(DescribeClusterResponse.ERROR_CODE, ErrorCode.MISMATCHED_ENDPOINT_TYPE.code())
                    .set(DescribeClusterResponse.ERROR_MESSAGE, "The request asks for endpoint type "
                            + request.get(DescribeClusterRequest.ENDPOINT_TYPE) + ", but this is a broker endpoint"
                            + " (type 1): expected endpoint type 1")
                    .set(DescribeClusterResponse.CONTROLLER_ID, -1);
        }
        BrokerIdentity.Endpoint advertised = identity.advertised(context.listenerName());
        Message broker = Message.of(DescribeClusterBroker.SCHEMA)
                .set(DescribeClusterBroker.BROKER_ID, identity.nodeId())
                .set(DescribeClusterBroker.HOST, advertised.host())
                .set(DescribeClusterBroker.PORT, advertised.port());
        body.set(DescribeClusterResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeClusterResponse.BROKERS, new ArrayList<>(List.of(broker)));
        if (request.get(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS)) {
            body.set(DescribeClusterResponse.CLUSTER_AUTHORIZED_OPERATIONS, AuthorizedOperations.cluster(access, context));
        }
        return body;
    }
}
