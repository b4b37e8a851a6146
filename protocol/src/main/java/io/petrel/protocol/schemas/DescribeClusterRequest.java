package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's DescribeCluster API (key 60), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeClusterRequest {
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS = Field.bool("IncludeClusterAuthorizedOperations", "0+");
    public static final Field<Byte> ENDPOINT_TYPE = Field.int8("EndpointType", "1+").withDefault((byte) 1);
    public static final Field<Boolean> INCLUDE_FENCED_BROKERS = Field.bool("IncludeFencedBrokers", "2+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeClusterRequest", 60, "0-2", "0+",
            INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, ENDPOINT_TYPE, INCLUDE_FENCED_BROKERS);

    private DescribeClusterRequest() {
    }
}
