/**
 * One {@code RequestHandler} per topic and data API (Produce, Fetch, ListOffsets, Metadata, CreateTopics,
 * DeleteTopics, CreatePartitions, DescribeConfigs, IncrementalAlterConfigs, AlterConfigs, DeleteRecords,
 * DescribeCluster, InitProducerId, ApiVersions), each answering
 * a decoded request body with a {@code Response} at the version the client spoke ({@code RequestContext}).
 *
 * <p>{@code DataPlaneHandlers} builds them and wires what they share; {@code HandlerRegistry} maps each API key to
 * its handler, and ApiVersions advertises what is registered. Produce validates batches against their topic's
 * configs ({@code ProduceValidation}) before appending and tells {@code FetchWaiters} of each append; a Fetch
 * short of min_bytes parks as a {@code DelayedFetch}, re-read by {@code FetchReader} on each append until it has
 * enough or max_wait_ms passes. Both config-altering APIs carry out each resource through
 * {@code TopicConfigAlteration}. Not API: may change without notice.
 */
package io.petrel.broker.internal.handler;
