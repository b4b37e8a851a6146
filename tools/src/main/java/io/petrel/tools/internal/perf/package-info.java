/**
 * {@code petrel perf produce} and {@code petrel perf consume}: throughput and latency benchmarks run with Petrel's
 * producer and consumer, printing what kafka-producer-perf-test and kafka-consumer-perf-test print so their
 * output can be compared line for line. {@code PerfOptions} are the options both take; {@code SendThrottle} holds
 * the producer to --throughput; {@code ProduceStats} and {@code ConsumeStats} record latencies in HdrHistograms on
 * the injected clock; {@code ProgressLine} prints the periodic line. Not API: may change without notice.
 */
package io.petrel.tools.internal.perf;
