package io.petrel.admin;

/**
 * Something that has configs: a topic, a broker (by node id, or "" for the cluster-wide defaults), ...
 *
 * @param type what it is
 * @param name its name (a topic name, a broker's node id)
 */
public record ConfigResource(Type type, String name) {
    /** The resource types, with Kafka's protocol ids. */
    public enum Type {
        UNKNOWN(0), TOPIC(2), BROKER(4), BROKER_LOGGER(8), CLIENT_METRICS(16), GROUP(32);

        private final byte id;

        Type(int id) {
            this.id = (byte) id;
        }

        /** The id Kafka's protocol uses for this type. */
        public byte id() {
            return id;
        }

        /** The type with this protocol id, UNKNOWN for one Petrel does not know. */
        public static Type forId(byte id) {
            for (Type type : values()) {
                if (type.id == id) {
                    return type;
                }
            }
            return UNKNOWN;
        }
    }

    public ConfigResource {
        if (type == null || name == null) {
            throw new IllegalArgumentException("A config resource needs a type and a name, got " + type + " '" + name + "'");
        }
    }
}
