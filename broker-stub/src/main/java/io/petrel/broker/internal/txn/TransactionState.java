package io.petrel.broker.internal.txn;

/**
 * The states of a transactional id, named as Kafka's DescribeTransactions and ListTransactions report
 * them. On this single node a Prepare state lasts only while the markers are written, or until they can
 * be (a partition log failed), and is completed from the journal after a crash.
 */
public enum TransactionState {
    EMPTY("Empty", (byte) 0),
    ONGOING("Ongoing", (byte) 1),
    PREPARE_COMMIT("PrepareCommit", (byte) 2),
    PREPARE_ABORT("PrepareAbort", (byte) 3),
    COMPLETE_COMMIT("CompleteCommit", (byte) 4),
    COMPLETE_ABORT("CompleteAbort", (byte) 5),
    DEAD("Dead", (byte) 6),
    PREPARE_EPOCH_FENCE("PrepareEpochFence", (byte) 7);

    private final String kafkaName;
    private final byte id;

    TransactionState(String kafkaName, byte id) {
        this.kafkaName = kafkaName;
        this.id = id;
    }

    /** The name Kafka's admin APIs use, e.g. "Ongoing". */
    public String kafkaName() {
        return kafkaName;
    }

    byte id() {
        return id;
    }

    static TransactionState forId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("No transaction state has id " + id);
    }

    /** The state named as Kafka names it (case-insensitive), for ListTransactions' filter. */
    static TransactionState forKafkaName(String name) {
        for (TransactionState s : values()) {
            if (s.kafkaName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    boolean isPrepare() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }
}
