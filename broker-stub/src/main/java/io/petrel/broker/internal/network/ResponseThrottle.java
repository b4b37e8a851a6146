package io.petrel.broker.internal.network;

import io.petrel.protocol.Field;
import io.petrel.protocol.FieldType;
import io.petrel.protocol.Message;

/**
 * Reads the throttle time a response carries, for the connection to be muted that long after sending it (KIP-219:
 * the broker answers a client over its quota at once, then reads nothing more from that connection until the throttle
 * time has passed, so a client that ignores the throttle gains nothing). Every response schema with a throttle time
 * names it {@code ThrottleTimeMs}.
 */
final class ResponseThrottle {
    private static final String FIELD_NAME = "ThrottleTimeMs";

    private ResponseThrottle() {
    }

    /** The response's throttle time in ms, 0 when it has none. */
    @SuppressWarnings("unchecked")
    static int throttleTimeMs(Message body) {
        for (Field<?> field : body.schema().fields()) {
            if (field.name().equals(FIELD_NAME) && field.type() == FieldType.INT32) {
                Integer value = body.get((Field<Integer>) field);
                return value == null ? 0 : Math.max(0, value);
            }
        }
        return 0;
    }
}
