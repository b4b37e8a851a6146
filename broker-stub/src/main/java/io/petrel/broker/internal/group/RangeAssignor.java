package io.petrel.broker.internal.group;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Kafka's server-side {@code range} assignor: topic by topic, the members subscribing to it (in member id order) each
 * take a contiguous range of its partitions, the first ones one more when the count does not divide evenly. Members
 * subscribing to the same co-partitioned topics so get the same partition numbers of each, which is what joins need.
 */
final class RangeAssignor implements ServerAssignor {
    static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, PartitionAssignment> assign(Input input) {
        Map<String, PartitionAssignment.Builder> builders = new TreeMap<>();
        input.subscriptions().keySet().forEach(m -> builders.put(m, new PartitionAssignment.Builder()));
        for (Map.Entry<UUID, List<String>> t : UniformAssignor.subscribers(input).entrySet()) {
            int partitions = input.partitionCounts().get(t.getKey());
            List<String> members = t.getValue();
            int each = partitions / members.size();
            int extra = partitions % members.size();
            int next = 0;
            for (int i = 0; i < members.size(); i++) {
                int take = each + (i < extra ? 1 : 0);
                for (int p = next; p < next + take; p++) {
                    builders.get(members.get(i)).add(t.getKey(), p);
                }
                next += take;
            }
        }
        Map<String, PartitionAssignment> out = new TreeMap<>();
        builders.forEach((m, b) -> out.put(m, b.build()));
        return out;
    }
}
