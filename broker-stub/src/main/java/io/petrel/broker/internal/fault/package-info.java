/**
 * Fault injection behind {@code io.petrel.broker.FaultInjector}: each {@code FaultRule} says which requests it
 * matches, what it does and how many times; {@code FaultRules} turns the rules into a {@code FaultPlan} for a
 * request before it is served (drop the connection, answer with an error, fail some partitions, delay) and
 * merges failed partitions into the served response; {@code ErrorResponses} builds the error answer for any API
 * from the request itself, where the version the client speaks carries the error. Not API: may change without
 * notice.
 */
package io.petrel.broker.internal.fault;
