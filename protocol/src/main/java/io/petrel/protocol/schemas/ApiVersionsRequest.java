package io.petrel.protocol.schemas;

import io.petrel.protocol.Field;
import io.petrel.protocol.MessageSchema;

/**
 * The request of Kafka's ApiVersions API (key 18), versions 0-4, flexible from 3+.
 *
 * <p>Declared as data from the protocol specification; encode and decode through {@link #SCHEMA}.
 */
public final class ApiVersionsRequest {
    public static final Field<String> CLIENT_SOFTWARE_NAME = Field.string("ClientSoftwareName", "3+").ignorable();
    public static final Field<String> CLIENT_SOFTWARE_VERSION = Field.string("ClientSoftwareVersion", "3+").ignorable();
    public static final MessageSchema SCHEMA = MessageSchema.request("ApiVersionsRequest", 18, "0-4", "3+",
            CLIENT_SOFTWARE_NAME, CLIENT_SOFTWARE_VERSION);

    private ApiVersionsRequest() {
    }
}
