package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeCluster API (key 60), versions 0-2, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeClusterResponse {
    /** The DescribeClusterBroker struct. */
    public static final class DescribeClusterBroker {
        public static final Field<Integer> BROKER_ID = Field.int32("BrokerId", "0+");
        public static final Field<String> HOST = Field.string("Host", "0+");
        public static final Field<Integer> PORT = Field.int32("Port", "0+");
        public static final Field<String> RACK = Field.string("Rack", "0+").nullable("0+").withDefault(null);
        public static final Field<Boolean> IS_FENCED = Field.bool("IsFenced", "2+");
        public static final StructSchema SCHEMA = StructSchema.of("DescribeClusterBroker", BROKER_ID, HOST, PORT, RACK, IS_FENCED);

        private DescribeClusterBroker() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
            .withDefault(null);
    public static final Field<Byte> ENDPOINT_TYPE = Field.int8("EndpointType", "1+").withDefault((byte) 1);
    public static final Field<String> CLUSTER_ID = Field.string("ClusterId", "0+");
    public static final Field<Integer> CONTROLLER_ID = Field.int32("ControllerId", "0+").withDefault(-1);
    public static final Field<List<Message>> BROKERS = Field.structArray("Brokers", "0+", DescribeClusterBroker.SCHEMA);
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS = Field.int32("ClusterAuthorizedOperations", "0+")
            .withDefault(-2147483648);
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeClusterResponse", 60, "0-2", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, ENDPOINT_TYPE, CLUSTER_ID, CONTROLLER_ID, BROKERS, CLUSTER_AUTHORIZED_OPERATIONS);

    private DescribeClusterResponse() {
    }
}
