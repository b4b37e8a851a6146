package io.petrel.client.internal;

import io.petrel.client.Node;
import io.petrel.protocol.Field;
import io.petrel.protocol.Message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The brokers a Produce (v10+) or Fetch (v16+) response describes beside a leader hint (KIP-951), read into
 * {@link Node}s by id. Each response declares its own NodeEndpoint struct, so the caller names its fields.
 */
public final class NodeEndpoints {
    private NodeEndpoints() {
    }

    /** The endpoints by node id; empty when the response carries none. */
    public static Map<Integer, Node> byId(List<Message> endpoints, Field<Integer> nodeId, Field<String> host,
                                          Field<Integer> port, Field<String> rack) {
        if (endpoints == null || endpoints.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Node> out = new HashMap<>();
        for (Message e : endpoints) {
            int id = e.get(nodeId);
            out.put(id, new Node(id, e.get(host), e.get(port), e.get(rack)));
        }
        return Map.copyOf(out);
    }
}
