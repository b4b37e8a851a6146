package io.petrel.protocol;

import java.nio.ByteBuffer;

/**
 * Kafka's framing: every request and response is an int32 byte count followed by that many bytes.
 *
 * <p>The count is checked here, before a receiver allocates anything for the frame, so a peer that claims
 * a 2 GiB frame is refused on four bytes.
 */
public final class FrameLength {
    /** Bytes in the size prefix. */
    public static final int PREFIX_BYTES = 4;

    private FrameLength() {
    }

    /**
     * The size of the frame starting at the buffer's position, without consuming it; -1 while fewer than
     * four bytes are there.
     *
     * @throws ProtocolException if the size is negative or larger than {@code maxFrameBytes}
     */
    public static int peek(ByteBuffer buf, int maxFrameBytes) {
        if (buf.remaining() < PREFIX_BYTES) {
            return -1;
        }
        return check(buf.getInt(buf.position()), maxFrameBytes);
    }

    /** Checks a size prefix already read. */
    public static int check(int size, int maxFrameBytes) {
        if (size < 0) {
            throw new ProtocolException("Frame size " + size + " is negative: expected 0 to " + maxFrameBytes + " bytes");
        }
        if (size > maxFrameBytes) {
            throw new ProtocolException("Frame size " + size + " bytes exceeds the maximum of " + maxFrameBytes + " bytes");
        }
        return size;
    }
}
