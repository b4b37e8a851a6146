package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's ConsumerGroupDescribe API (key 69, KIP-848), versions 0-1, flexible from 0.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ConsumerGroupDescribeRequest {
    public static final Field<List<String>> GROUP_IDS = Field.<String>array("GroupIds", "0+", FieldType.STRING);
    public static final Field<Boolean> INCLUDE_AUTHORIZED_OPERATIONS = Field.bool("IncludeAuthorizedOperations",
            "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("ConsumerGroupDescribeRequest", 69, "0-1", "0+",
            GROUP_IDS, INCLUDE_AUTHORIZED_OPERATIONS);

    private ConsumerGroupDescribeRequest() {
    }
}
