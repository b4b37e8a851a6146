package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.ResourceType;

import java.util.EnumSet;
import java.util.Set;

/**
 * The authorized-operations bit fields Metadata and DescribeCluster return when asked: a bit at the position of
 * each operation's ACL code for every operation the resource type supports that the authorizer allows the
 * requester (with no authorizer, all of them, as in Kafka).
 */
public final class AuthorizedOperations {
    /** The operations on a topic: read, write, create, delete, alter, describe, describe/alter configs. */
    private static final Set<AclOperation> TOPIC_OPERATIONS = EnumSet.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    /** The operations on the cluster: create, cluster action, describe/alter configs, idempotent write, alter, describe. */
    private static final Set<AclOperation> CLUSTER_OPERATIONS = EnumSet.of(AclOperation.CREATE,
            AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
    /** The operations on a group: read, delete, describe, describe/alter configs. */
    private static final Set<AclOperation> GROUP_OPERATIONS = EnumSet.of(AclOperation.READ, AclOperation.DELETE,
            AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    /** What the field holds when the client did not ask. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    private AuthorizedOperations() {
    }

    static int topic(RequestAuthorizer access, RequestContext context, String topic) {
        int field = 0;
        for (AclOperation op : TOPIC_OPERATIONS) {
            if (access.allowedOnTopic(context, op, topic)) {
                field |= 1 << op.code();
            }
        }
        return field;
    }

    public static int group(RequestAuthorizer access, RequestContext context, String group) {
        int field = 0;
        for (AclOperation op : GROUP_OPERATIONS) {
            if (access.allowedOnGroup(context, op, group)) {
                field |= 1 << op.code();
            }
        }
        return field;
    }

    static int cluster(RequestAuthorizer access, RequestContext context) {
        int field = 0;
        for (AclOperation op : CLUSTER_OPERATIONS) {
            if (access.allowed(context, op, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)) {
                field |= 1 << op.code();
            }
        }
        return field;
    }
}
