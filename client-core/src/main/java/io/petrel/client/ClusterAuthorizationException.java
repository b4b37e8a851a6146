package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/**
 * CLUSTER_AUTHORIZATION_FAILED: the principal lacks a cluster-wide permission the operation needs (for an
 * idempotent producer, IDEMPOTENT_WRITE on the cluster or WRITE on a topic).
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** @param context what was being done, e.g. "InitProducerId" */
    public ClusterAuthorizationException(String context) {
        super(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized for this cluster operation"
                + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
    }
}
