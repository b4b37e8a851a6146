package io.petrel.broker.internal.topic;

import java.util.List;

/**
 * One described config: the effective value and where it comes from.
 *
 * @param name      the key
 * @param value     the effective value, or null when the setting has none
 * @param source    where the value comes from
 * @param type      the value's type
 * @param readOnly  whether it could not be changed at run time (in Kafka's terms)
 * @param synonyms  the settings the value could come from, highest precedence first
 */
public record ConfigEntry(String name, String value, ConfigSource source, DescribedConfigType type, boolean readOnly,
                          List<ConfigSynonym> synonyms) {

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }
}
