/**
 * The record-batch compression codecs of the Kafka protocol: {@code none}, {@code gzip},
 * {@code snappy}, {@code lz4} and {@code zstd}.
 *
 * <p>Each {@link io.petrel.compression.Codec} reads and writes exactly the framing that Kafka
 * clients and brokers use inside a record batch, so batches compressed by Petrel can be read by any
 * Kafka client and vice versa:
 *
 * <ul>
 *   <li>gzip: an RFC 1952 gzip member;
 *   <li>snappy: the snappy-java ("xerial") stream framing, not raw snappy and not the snappy framing
 *       format;
 *   <li>lz4: an LZ4 frame with independent 64 KB blocks and a correct header checksum;
 *   <li>zstd: a plain zstd frame.
 * </ul>
 *
 * <p>Decompression is always bounded: every decompressing entry point takes the largest number of
 * bytes it may produce and fails with a {@link io.petrel.compression.CompressionException} as soon
 * as the data would exceed it, so a small malicious batch cannot exhaust memory. Corrupt input
 * likewise surfaces as a {@code CompressionException}.
 */
package io.petrel.compression;
