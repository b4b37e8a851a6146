package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.MessageSchema;

import java.util.List;

/**
 * The request of Kafka's ListTransactions API (key 66), versions 0-2, flexible: the transactional ids a
 * broker coordinates, filtered by state, producer id, duration (1+) and id pattern (2+).
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ListTransactionsRequest {
    public static final Field<List<String>> STATE_FILTERS = Field.<String>array("StateFilters", "0+", FieldType.STRING);
    public static final Field<List<Long>> PRODUCER_ID_FILTERS = Field.<Long>array("ProducerIdFilters", "0+",
            FieldType.INT64);
    public static final Field<Long> DURATION_FILTER = Field.int64("DurationFilter", "1+").withDefault(-1L);
    public static final Field<String> TRANSACTIONAL_ID_PATTERN = Field.string("TransactionalIdPattern", "2+")
            .nullable("2+").withDefault(null);
    public static final MessageSchema SCHEMA = MessageSchema.request("ListTransactionsRequest", 66, "0-2", "0+",
            STATE_FILTERS, PRODUCER_ID_FILTERS, DURATION_FILTER, TRANSACTIONAL_ID_PATTERN);

    private ListTransactionsRequest() {
    }
}
