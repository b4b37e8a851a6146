package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.Message;
import io.petrel.protocol.MessageSchema;
import io.petrel.protocol.StructSchema;

import java.util.List;

/**
 * The request of Kafka's AlterUserScramCredentials API (key 51), versions 0, flexible from 0+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class AlterUserScramCredentialsRequest {
    /** The ScramCredentialDeletion struct. */
    public static final class ScramCredentialDeletion {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Byte> MECHANISM = Field.int8("Mechanism", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("ScramCredentialDeletion", NAME, MECHANISM);

        private ScramCredentialDeletion() {
        }
    }

    /** The ScramCredentialUpsertion struct. */
    public static final class ScramCredentialUpsertion {
        public static final Field<String> NAME = Field.string("Name", "0+");
        public static final Field<Byte> MECHANISM = Field.int8("Mechanism", "0+");
        public static final Field<Integer> ITERATIONS = Field.int32("Iterations", "0+");
        public static final Field<byte[]> SALT = Field.bytes("Salt", "0+");
        public static final Field<byte[]> SALTED_PASSWORD = Field.bytes("SaltedPassword", "0+");
        public static final StructSchema SCHEMA = StructSchema.of("ScramCredentialUpsertion", NAME, MECHANISM, ITERATIONS, SALT, SALTED_PASSWORD);

        private ScramCredentialUpsertion() {
        }
    }

    public static final Field<List<Message>> DELETIONS = Field.structArray("Deletions", "0+", ScramCredentialDeletion.SCHEMA);
    public static final Field<List<Message>> UPSERTIONS = Field.structArray("Upsertions", "0+", ScramCredentialUpsertion.SCHEMA);
    public static final MessageSchema SCHEMA = MessageSchema.request("AlterUserScramCredentialsRequest", 51, "0", "0+",
            DELETIONS, UPSERTIONS);

    private AlterUserScramCredentialsRequest() {
    }
}
