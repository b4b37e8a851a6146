package io.petrel.admin;

/**
 * One config of a resource as the broker describes it. A sensitive value (a password) is never sent by the
 * broker and reads as null.
 *
 * @param name      the config's name
 * @param value     its value, or null (unset, or sensitive)
 * @param source    where the value comes from
 * @param sensitive whether it is a secret
 * @param readOnly  whether it cannot be altered
 * @param synonyms  where the value could come from, the one in effect first (a topic's override, the broker's dynamic
 *                  setting, its static one, the default), as the broker lists them; empty when it sent none
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean sensitive, boolean readOnly,
                          java.util.List<ConfigSynonym> synonyms) {

    public ConfigEntry {
        synonyms = synonyms == null ? java.util.List.of() : java.util.List.copyOf(synonyms);
    }

    /** An entry without synonyms. */
    public ConfigEntry(String name, String value, ConfigSource source, boolean sensitive, boolean readOnly) {
        this(name, value, source, sensitive, readOnly, java.util.List.of());
    }

    /**
     * One place a config's value can come from, under the name it has there (a topic's {@code retention.ms} has the
     * broker's {@code log.retention.ms} as a synonym).
     *
     * @param name   the name at that source
     * @param value  the value there, or null (unset, or sensitive)
     * @param source the source
     */
    public record ConfigSynonym(String name, String value, ConfigSource source) {
    }

    /** Where a config's value comes from, with Kafka's protocol ids. */
    public enum ConfigSource {
        UNKNOWN(0), DYNAMIC_TOPIC_CONFIG(1), DYNAMIC_BROKER_CONFIG(2), DYNAMIC_DEFAULT_BROKER_CONFIG(3),
        STATIC_BROKER_CONFIG(4), DEFAULT_CONFIG(5), DYNAMIC_BROKER_LOGGER_CONFIG(6), CLIENT_METRICS_CONFIG(7),
        GROUP_CONFIG(8);

        private final byte id;

        ConfigSource(int id) {
            this.id = (byte) id;
        }

        /** The source with this protocol id, UNKNOWN for one Petrel does not know. */
        public static ConfigSource forId(byte id) {
            for (ConfigSource source : values()) {
                if (source.id == id) {
                    return source;
                }
            }
            return UNKNOWN;
        }
    }

    /** Whether the value is the built-in default rather than set on the topic or broker. */
    public boolean isDefault() {
        return source == ConfigSource.DEFAULT_CONFIG;
    }

    @Override
    public String toString() {
        return name + "=" + (sensitive ? "[hidden]" : value) + " (" + source + ")";
    }
}
