package io.petrel.broker.internal.group;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A server-side assignor of the consumer group protocol (KIP-848): from the members' subscriptions and the
 * subscribed topics' partition counts, the target assignment of every member. The coordinator runs it whenever the
 * group epoch moves. Every partition of a subscribed topic goes to exactly one member subscribing to it.
 */
interface ServerAssignor {

    /** What an assignor is given. */
    record Input(SortedMap<String, Set<UUID>> subscriptions, Map<UUID, Integer> partitionCounts,
                 Map<String, PartitionAssignment> previousTarget) {
    }

    /** The name members ask for in ServerAssignor ("uniform", "range"). */
    String name();

    /** Each member's target assignment (every member named in the input has an entry). */
    Map<String, PartitionAssignment> assign(Input input);
}
