package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ListPartitionReassignmentsResponse;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

/**
 * Answers ListPartitionReassignments (v0): on a single node no reassignment ever runs (see
 * {@link AlterPartitionReassignmentsHandler}), so the list is empty, for all partitions or named ones, known or not
 * (Kafka's controller, too, skips partitions it does not know). Needs DESCRIBE on the cluster, else
 * CLUSTER_AUTHORIZATION_FAILED.
 */
public final class ListPartitionReassignmentsHandler implements RequestHandler {
    private final RequestAuthorizer access;

    public ListPartitionReassignmentsHandler(RequestAuthorizer access) {
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public Versions versions() {
        return ApiKey.LIST_PARTITION_REASSIGNMENTS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        ErrorCode error = access.allowedOnCluster(context, AclOperation.DESCRIBE)
                ? ErrorCode.NONE : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
        return ImmediateResponse.of(() -> ListPartitionReassignmentsResponse.SCHEMA.newMessage()
                .set(ListPartitionReassignmentsResponse.THROTTLE_TIME_MS, 0)
                .set(ListPartitionReassignmentsResponse.ERROR_CODE, error.code())
                .set(ListPartitionReassignmentsResponse.TOPICS, new ArrayList<>()));
    }
}
