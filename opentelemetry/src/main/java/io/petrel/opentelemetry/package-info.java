/**
 * Optional tracing on the OpenTelemetry API: {@link io.petrel.opentelemetry.PetrelTracing} wraps a producer so each
 * send is a {@code TOPIC publish} span whose context travels in the record's W3C {@code traceparent} header, and
 * turns a poll's records into an iteration where each record's processing is a {@code TOPIC process} span, child
 * of the context its header carries, as OpenTelemetry's Kafka instrumentation does for kafka-clients (so traces
 * join across kafka-clients and Petrel). Off unless this module is added and used.
 */
package io.petrel.opentelemetry;
