package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * An encoded message with holes: {@code bytes} holds everything but the {@link SplicedRecords}, and each
 * {@link Splice} says at which offset of {@code bytes} its records go. Sending bytes[0, splice0.offset),
 * splice0.records, bytes[splice0.offset, splice1.offset), ... gives the complete encoding.
 *
 * @param bytes      the encoded bytes without the spliced records, ready to read
 * @param splices    where the records go, in ascending offset order
 * @param totalBytes the size of the complete encoding
 */
public record SplicedMessage(ByteBuffer bytes, List<Splice> splices, int totalBytes) {

    /** Records to insert at {@code offset} of the encoded bytes. */
    public record Splice(int offset, SplicedRecords records) {
    }
}
