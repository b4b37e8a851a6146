package io.petrel.protocol;

/**
 * The wire types of Kafka's message specs, with the Java type a {@link Message} holds for each.
 *
 * <p>How a type is framed also depends on the version being written (compact lengths in flexible
 * versions, a null marker in nullable versions); that choice lives in the codec, not here.
 */
public enum FieldType {
    /** {@code Boolean}, one byte 0 or 1. */
    BOOL,
    /** {@code Byte}. */
    INT8,
    /** {@code Short}, big-endian. */
    INT16,
    /** {@code Integer} in 0..65535, two bytes. */
    UINT16,
    /** {@code Integer}, big-endian. */
    INT32,
    /** {@code Long} in 0..2^32-1, four bytes. */
    UINT32,
    /** {@code Long}, big-endian. */
    INT64,
    /** {@code Double}, IEEE 754 big-endian. */
    FLOAT64,
    /** {@code java.util.UUID}, 16 bytes. */
    UUID,
    /** {@code String}, UTF-8 with an int16 length, or an unsigned varint length+1 when compact. */
    STRING,
    /** {@code byte[]} with an int32 length, or an unsigned varint length+1 when compact. */
    BYTES,
    /** Record batches as a {@code java.nio.ByteBuffer} slice of the frame (never copied), framed as nullable bytes. */
    RECORDS,
    /** A nested {@link Message}. */
    STRUCT,
    /** A {@code java.util.List} of an element type. */
    ARRAY
}
