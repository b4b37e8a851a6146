package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeClientQuotas API (key 48), versions 0-1, flexible from 1+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeClientQuotasRequest {
    /** The ComponentData struct: one filter component (entity type, match type 0 exact / 1 default / 2 any). */
    public static final class ComponentData {
        public static final Field<String> ENTITY_TYPE = Field.string("EntityType", "0+");
        public static final Field<Byte> MATCH_TYPE = Field.int8("MatchType", "0+");
        public static final Field<String> MATCH = Field.string("Match", "0+").nullable("0+");
        public static final StructSchema SCHEMA = StructSchema.of("ComponentData", ENTITY_TYPE, MATCH_TYPE, MATCH);

        private ComponentData() {
        }
    }

    public static final Field<List<Message>> COMPONENTS = Field.structArray("Components", "0+", ComponentData.SCHEMA);
    public static final Field<Boolean> STRICT = Field.bool("Strict", "0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeClientQuotasRequest", 48, "0-1", "1+",
            COMPONENTS, STRICT);

    private DescribeClientQuotasRequest() {
    }
}
