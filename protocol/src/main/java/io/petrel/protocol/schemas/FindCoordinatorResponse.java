package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's FindCoordinator API (key 10), versions 0-6, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class FindCoordinatorResponse {
    /** The Coordinator struct. */
    public static final class Coordinator {
        public static final Field<String> KEY = Field.string("Key", "4+");
        public static final Field<Integer> NODE_ID = Field.int32("NodeId", "4+");
        public static final Field<String> HOST = Field.string("Host", "4+");
        public static final Field<Integer> PORT = Field.int32("Port", "4+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "4+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "4+").nullable("4+").ignorable();
        public static final StructSchema SCHEMA = StructSchema.of("Coordinator", KEY, NODE_ID, HOST, PORT, ERROR_CODE, ERROR_MESSAGE);

        private Coordinator() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "1+").ignorable();
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0-3");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "1-3").nullable("1-3").ignorable();
    public static final Field<Integer> NODE_ID = Field.int32("NodeId", "0-3");
    public static final Field<String> HOST = Field.string("Host", "0-3");
    public static final Field<Integer> PORT = Field.int32("Port", "0-3");
    public static final Field<List<Message>> COORDINATORS = Field.structArray("Coordinators", "4+", Coordinator.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("FindCoordinatorResponse", 10, "0-6", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, NODE_ID, HOST, PORT, COORDINATORS);

    private FindCoordinatorResponse() {
    }
}
