package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's DescribeClientQuotas API (key 48), versions 0-1, flexible from 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeClientQuotasResponse {
    /** The EntityData struct: one entity component; a null name is the default entity. */
    public static final class EntityData {
        public static final Field<String> ENTITY_TYPE = Field.string("EntityType", "0+");
        public static final Field<String> ENTITY_NAME = Field.string("EntityName", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("EntityData", ENTITY_TYPE, ENTITY_NAME);

        private EntityData() {
        }
    }

    /** The ValueData struct: one quota key and its value. */
    public static final class ValueData {
        public static final Field<String> KEY = Field.string("Key", "0+");
        public static final Field<Double> VALUE = Field.float64("Value", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("ValueData", KEY, VALUE);

        private ValueData() {
        }
    }

    /** The EntryData struct: an entity and its quota values. */
    public static final class EntryData {
        public static final Field<List<Message>> ENTITY = Field.structArray("Entity", "0+", EntityData.SCHEMA);
        public static final Field<List<Message>> VALUES = Field.structArray("Values", "0+", ValueData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("EntryData", ENTITY, VALUES);

        private EntryData() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
    public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+").withDefault(null);
    public static final Field<List<Message>> ENTRIES = Field.structArray("Entries", "0+", EntryData.SCHEMA)
            .nullable("0+");
    public static final MessageSchema SCHEMA = MessageSchema.response("DescribeClientQuotasResponse", 48, "0-1", "1+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, ENTRIES);

    private DescribeClientQuotasResponse() {
    }
}
