/**
 * What the broker's parts share at start-up, below the subpackages that serve requests: the locked
 * {@code DataDirectory} with the cluster id, {@code BrokerIdentity} (the node clients are told about, known once
 * the port is bound), {@code AtomicFiles} for the small files that must be replaced all at once,
 * {@code JournalFile} for the coordinators' append-only journals, and the {@code MonotonicClock} every deadline
 * is measured on.
 *
 * <p>The subpackages: {@code network} reads frames and writes responses, {@code handler} answers each API,
 * {@code topic} and {@code log} keep topics and their durable logs, {@code group} is the group coordinator,
 * {@code txn} the transaction coordinator and {@code fault} the injected faults. {@code io.petrel.broker.Broker} wires them. Not API: may change without
 * notice.
 */
package io.petrel.broker.internal;
