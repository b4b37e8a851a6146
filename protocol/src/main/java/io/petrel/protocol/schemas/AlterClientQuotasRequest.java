package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's AlterClientQuotas API (key 49), versions 0-1, flexible from 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterClientQuotasRequest {
    /** The EntityData struct: one entity component; a null name is the default entity. */
    public static final class EntityData {
        public static final Field<String> ENTITY_TYPE = Field.string("EntityType", "0+");
        public static final Field<String> ENTITY_NAME = Field.string("EntityName", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("EntityData", ENTITY_TYPE, ENTITY_NAME);

        private EntityData() {
        }
    }

    /** The OpData struct: set a quota key to a value, or remove it. */
    public static final class OpData {
        public static final Field<String> KEY = Field.string("Key", "0+");
        public static final Field<Double> VALUE = Field.float64("Value", "0+");
        public static final Field<Boolean> REMOVE = Field.bool("Remove", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("OpData", KEY, VALUE, REMOVE);

        private OpData() {
        }
    }

    /** The EntryData struct: an entity and the operations on its quotas. */
    public static final class EntryData {
        public static final Field<List<Message>> ENTITY = Field.structArray("Entity", "0+", EntityData.SCHEMA);
        public static final Field<List<Message>> OPS = Field.structArray("Ops", "0+", OpData.SCHEMA);
        public static final StructSchema SCHEMA = StructSchema.of("EntryData", ENTITY, OPS);

        private EntryData() {
        }
    }

    public static final Field<List<Message>> ENTRIES = Field.structArray("Entries", "0+", EntryData.SCHEMA);
    public static final Field<Boolean> VALIDATE_ONLY = Field.bool("ValidateOnly", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("AlterClientQuotasRequest", 49, "0-1", "1+",
            ENTRIES, VALIDATE_ONLY);

    private AlterClientQuotasRequest() {
    }
}
