package io.petrel.broker.internal.topic;

/**
 * One of the settings a config's value could come from, in order of precedence, as DescribeConfigs
 * lists them when asked for synonyms.
 *
 * @param name   the setting's key (a topic key or its broker-level counterpart)
 * @param value  its value, or null when it has none
 * @param source where it is set
 */
public record ConfigSynonym(String name, String value, ConfigSource source) {
}
