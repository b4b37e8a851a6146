package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The response of Kafka's AlterClientQuotas API (key 49), versions 0-1, flexible from 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterClientQuotasResponse {
    /** The EntityData struct: one entity component; a null name is the default entity. */
    public static final class EntityData {
        public static final Field<String> ENTITY_TYPE = Field.string("EntityType", "0+");
        public static final Field<String> ENTITY_NAME = Field.string("EntityName", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("EntityData", ENTITY_TYPE, ENTITY_NAME);

        private EntityData() {
        }
    }

    /** The EntryData struct: the outcome of altering one entity's quotas. */
    public static final class EntryData {
        public static final Field<Short> ERROR_CODE = Field.int16("ErrorCode", "0+");
        public static final Field<String> ERROR_MESSAGE = Field.string("ErrorMessage", "0+").nullable("0+")
                .withDefault(null);
        public static final Field<List<Message>> ENTITY = Field.structArray("Entity", "0+", EntityData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("EntryData", ERROR_CODE, ERROR_MESSAGE, ENTITY);

        private EntryData() {
        }
    }

    public static final Field<Integer> THROTTLE_TIME_MS = Field.int32("ThrottleTimeMs", "0+");
    public static final Field<List<Message>> ENTRIES = Field.structArray("Entries", "0+", EntryData.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.response("AlterClientQuotasResponse", 49, "0-1", "1+",
            THROTTLE_TIME_MS, ENTRIES);

    private AlterClientQuotasResponse() {
    }
}
