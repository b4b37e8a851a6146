package io.petrel.protocol;

/**
 * The throttle time a response carries: how long, in ms, the broker asks the client to stay quiet because it is over a
 * quota (KIP-219). Every response schema that has one names it {@code ThrottleTimeMs}, so one lookup by name serves
 * all APIs: the broker mutes a connection that long after sending, the client holds its next request back that long.
 */
public final class ThrottleTime {
    private static final String FIELD_NAME = "ThrottleTimeMs";

    private ThrottleTime() {
    }

    /** The response's throttle time in ms; 0 when it has none (or a negative one). */
    public static int of(Message response) {
        Field<Integer> field = field(response);
        Integer value = field == null ? null : response.get(field);
        return value == null ? 0 : Math.max(0, value);
    }

    /**
     * Raises the response's throttle time to {@code throttleMs} if it is lower (two quotas throttling one request: the
     * longer throttle wins); returns whether the response has a throttle time at all.
     */
    public static boolean raiseTo(Message response, int throttleMs) {
        Field<Integer> field = field(response);
        if (field == null) {
            return false;
        }
        if (of(response) < throttleMs) {
            response.set(field, throttleMs);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Field<Integer> field(Message response) {
        for (Field<?> field : response.schema().fields()) {
            if (field.name().equals(FIELD_NAME) && field.type() == FieldType.INT32) {
                return (Field<Integer>) field;
            }
        }
        return null;
    }
}
