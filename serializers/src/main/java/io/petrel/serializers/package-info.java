/**
 * Serializers and deserializers that turn record keys and values into bytes and back.
 *
 * <p>The built-in implementations in this package write exactly the bytes that the Apache Kafka
 * built-ins of the same name write, so data produced with Petrel can be consumed by any Kafka
 * client and vice versa. Numbers are big-endian, a {@code Boolean} is a single byte {@code 0x00} or
 * {@code 0x01}, a {@code UUID} is its canonical string form, and strings default to UTF-8.
 *
 * <p>Every built-in maps {@code null} to {@code null} in both directions.
 *
 * <p>The package has no runtime dependencies; {@link io.petrel.serializers.Headers} is a minimal
 * record-headers abstraction so that header-aware serializers can be written without pulling in the
 * rest of Petrel.
 */
package io.petrel.serializers;
