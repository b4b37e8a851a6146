/**
 * One class per request and response Petrel speaks (and the consumer protocol's subscription and assignment
 * payloads, and the request and response headers): typed {@code Field} constants, each with the versions it
 * exists in, and a {@code SCHEMA} built from them, as in Kafka's JSON message specs. Nested structs are static
 * classes of their message. The classes only declare; encoding and decoding run through
 * {@link io.petrel.protocol.MessageSchema}, so there is no per-version code here. To add an API, copy an existing
 * pair's shape and list it in {@link io.petrel.protocol.ApiKey}.
 */
package io.petrel.protocol.schemas;
