package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeTransactions API (key 65), version 0, flexible: the state of each named
 * transactional id.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeTransactionsRequest {
    public static final Field<List<String>> TRANSACTIONAL_IDS = Field.<String>array("TransactionalIds", "0+",
            FieldType.STRING);
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeTransactionsRequest", 65, "0", "0+",
            TRANSACTIONAL_IDS);

    private DescribeTransactionsRequest() {
    }
}
