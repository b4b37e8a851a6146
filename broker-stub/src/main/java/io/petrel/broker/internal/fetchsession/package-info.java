/**
 * Incremental fetch sessions (KIP-227) as Kafka's broker keeps them: a {@code FetchSessionCache} of at most
 * max.incremental.fetch.session.cache.slots {@code FetchSession}s, each remembering per {@code CachedPartition} what
 * the client last asked (fetch offset, max bytes, leader epoch) and what it was last told (high watermark, last
 * stable offset, log start offset, error), so an incremental fetch names only what changed and its response carries
 * only partitions with records or changed metadata. Not API: may change without notice.
 */
package io.petrel.broker.internal.fetchsession;
