package io.petrel.producer.internal;

/**
 * Where a transactional producer stands, and which moves are allowed, as kafka-clients' transaction manager
 * has them: {@code initTransactions()} goes UNINITIALIZED -> INITIALIZING -> READY; each transaction READY ->
 * IN_TRANSACTION -> COMMITTING_TRANSACTION or ABORTING_TRANSACTION -> READY. A failure the application can
 * recover from by aborting is ABORTABLE_ERROR; one it cannot (fenced, not authorized) is FATAL_ERROR, which
 * nothing leaves: the producer must be closed.
 */
enum TransactionPhase {
    UNINITIALIZED,
    INITIALIZING,
    READY,
    IN_TRANSACTION,
    COMMITTING_TRANSACTION,
    ABORTING_TRANSACTION,
    ABORTABLE_ERROR,
    FATAL_ERROR;

    /** Whether the producer may move from this phase to {@code target}. */
    boolean mayMoveTo(TransactionPhase target) {
        return switch (target) {
            case UNINITIALIZED -> this == READY || this == ABORTABLE_ERROR;
            // From ABORTING_TRANSACTION: an epoch bump (InitProducerId) after an abort that needed one.
            case INITIALIZING -> this == UNINITIALIZED || this == ABORTING_TRANSACTION
                    || this == COMMITTING_TRANSACTION;
            case READY -> this == INITIALIZING || this == COMMITTING_TRANSACTION || this == ABORTING_TRANSACTION;
            case IN_TRANSACTION -> this == READY;
            case COMMITTING_TRANSACTION -> this == IN_TRANSACTION;
            case ABORTING_TRANSACTION -> this == IN_TRANSACTION || this == ABORTABLE_ERROR;
            case ABORTABLE_ERROR -> this == IN_TRANSACTION || this == COMMITTING_TRANSACTION || this == ABORTABLE_ERROR
                    || this == INITIALIZING;
            case FATAL_ERROR -> true;
        };
    }

    /** Whether a commit or an abort is under way. */
    boolean isCompleting() {
        return this == COMMITTING_TRANSACTION || this == ABORTING_TRANSACTION;
    }
}
