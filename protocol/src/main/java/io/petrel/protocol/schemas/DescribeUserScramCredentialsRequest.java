package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's DescribeUserScramCredentials API (key 50), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class DescribeUserScramCredentialsRequest {
    /** The UserName struct. */
    public static final class UserName {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("UserName", NAME);

        private UserName() {
        }
    }

    public static final Field<List<Message>> USERS = Field.structArray("Users", "0+", UserName.SCHEMA).nullable("0+");
    public static final MessageSchema SCHEMA = MessageSchema.request("DescribeUserScramCredentialsRequest", 50, "0", "0+",
            USERS);

    private DescribeUserScramCredentialsRequest() {
    }
}
