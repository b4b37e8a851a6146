package io.petrel.broker.internal.handler;

/**
 * The authorized-operations bit fields Metadata and DescribeCluster return when asked. This broker has
 * no authorizer, so, as Kafka without one, every operation a resource type supports is allowed; a bit is
 * set at the position of each operation's ACL code.
 */
final class AuthorizedOperations {
    private static final int CREATE = 5;
    private static final int READ = 3;
    private static final int WRITE = 4;
    private static final int DELETE = 6;
    private static final int ALTER = 7;
    private static final int DESCRIBE = 8;
    private static final int CLUSTER_ACTION = 9;
    private static final int DESCRIBE_CONFIGS = 10;
    private static final int ALTER_CONFIGS = 11;
    private static final int IDEMPOTENT_WRITE = 12;

    /** The operations on a topic: read, write, create, delete, alter, describe, describe/alter configs. */
    static final int TOPIC = bits(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
    /** The operations on the cluster: create, cluster action, describe/alter configs, idempotent write, alter, describe. */
    static final int CLUSTER = bits(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER,
            DESCRIBE);
    /** What the field holds when the client did not ask. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    private AuthorizedOperations() {
    }

    private static int bits(int... operations) {
        int field = 0;
        for (int op : operations) {
            field |= 1 << op;
        }
        return field;
    }
}
