package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.Authorizer;
import io.petrel.broker.internal.acl.ResourceType;

import java.net.InetSocketAddress;

/**
 * The authorizer as handlers ask it: may the principal and host of this request do this operation on that
 * resource. Handlers ask before any side effect, with Kafka's per-API rules. With no authorizer configured every
 * answer is yes.
 */
public final class RequestAuthorizer {
    private static final RequestAuthorizer ALLOW_ALL = new RequestAuthorizer(Authorizer.allowAll());

    private final Authorizer authorizer;

    public RequestAuthorizer(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** One that allows everything, as a broker without {@code authorizer.class.name}. */
    public static RequestAuthorizer allowAll() {
        return ALLOW_ALL;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public boolean allowed(RequestContext context, AclOperation operation, ResourceType type, String name) {
        return authorizer.authorize(context.principal(), host(context), operation, type, name);
    }

    public boolean allowedOnCluster(RequestContext context, AclOperation operation) {
        return allowed(context, operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
    }

    public boolean allowedOnTopic(RequestContext context, AclOperation operation, String topic) {
        return allowed(context, operation, ResourceType.TOPIC, topic);
    }

    public boolean allowedOnGroup(RequestContext context, AclOperation operation, String group) {
        return allowed(context, operation, ResourceType.GROUP, group);
    }

    /** Whether the request may do {@code operation} on some resource of {@code type} (Kafka's authorizeByResourceType). */
    public boolean allowedOnAny(RequestContext context, AclOperation operation, ResourceType type) {
        return authorizer.authorizeAny(context.principal(), host(context), operation, type);
    }

    /** The client's IP address as ACL hosts name it; empty (matching only {@code *} ACLs) when unknown. */
    private static String host(RequestContext context) {
        InetSocketAddress address = context.clientAddress();
        return address == null || address.getAddress() == null ? "" : address.getAddress().getHostAddress();
    }
}
