package io.petrel.admin;

/**
 * One transactional id as a broker's ListTransactions reports it.
 *
 * @param transactionalId the transactional id
 * @param coordinator     the node id of the broker coordinating it
 * @param producerId      its current producer id
 * @param state           the coordinator's state name (Empty, Ongoing, PrepareCommit, CompleteCommit, ...)
 */
public record TransactionListing(String transactionalId, int coordinator, long producerId, String state) {
}
