/**
 * Kafka's wire format as pure bytes, no I/O: the messages every Petrel module speaks.
 *
 * <p>A message is declared once, as data: a {@link io.petrel.protocol.MessageSchema} (a request, response, header
 * or payload with its {@link io.petrel.protocol.Versions} and flexible versions) over a
 * {@link io.petrel.protocol.StructSchema} of typed {@link io.petrel.protocol.Field}s, each saying in which versions
 * it exists, is nullable or tagged, with a {@link io.petrel.protocol.FieldType}. Values live in a
 * {@link io.petrel.protocol.Message}, read and written through those fields; one schema walk encodes and decodes
 * every message at any version, with every length checked before anything is allocated
 * ({@link io.petrel.protocol.ProtocolException} for bad bytes). {@link io.petrel.protocol.ApiKey} lists the APIs
 * with their schemas, {@link io.petrel.protocol.ErrorCode} the error codes.
 *
 * <p>Framing: {@link io.petrel.protocol.RequestFrame} and {@link io.petrel.protocol.ResponseFrame} add the
 * size prefix ({@link io.petrel.protocol.FrameLength}) and header. Record batches can be left out of an encoded
 * message ({@link io.petrel.protocol.SplicedRecords}, {@link io.petrel.protocol.SplicedMessage}) for the transport
 * to send from where they lie. The per-API declarations are in {@code io.petrel.protocol.schemas}, the record batch
 * format in {@code io.petrel.protocol.record}.
 */
package io.petrel.protocol;
