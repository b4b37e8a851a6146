package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DeleteGroups API (key 42), versions 0-2, flexible from 2+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DeleteGroupsResponse {
    /** The DeletableGroupResult struct. */
    public static final class DeletableGroupResult {
        public static final Field<String> GROUP_ID = Field.string("GroupId", "0+");
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("DeletableGroupResult", GROUP_ID, ERROR_CODE);

        private DeletableGroupResult() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> RESULTS = Field.structArray("Results", "0+", DeletableGroupResult.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("DeleteGroupsResponse", 42, "0-2", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private DeleteGroupsResponse() {
    }
}
