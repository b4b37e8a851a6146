package io.petrel.client;

/**
 * A broker as Metadata describes it.
 *
 * @param id   the node id
 * @param host the host clients connect to
 * @param port the port clients connect to
 * @param rack the rack, or null
 */
public record Node(int id, String host, int port, String rack) {
    @Override
    public String toString() {
        return host + ":" + port + " (id: " + id + (rack == null ? "" : " rack: " + rack) + ")";
    }
}
