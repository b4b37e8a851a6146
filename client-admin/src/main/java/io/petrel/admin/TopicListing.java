package io.petrel.admin;

import java.util.UUID;

/**
 * A topic as {@link Admin#listTopics} lists it.
 *
 * @param name     its name
 * @param topicId  its id, or null where the broker reports none
 * @param internal whether the broker marks it internal ({@code __consumer_offsets})
 */
public record TopicListing(String name, UUID topicId, boolean internal) {
}
