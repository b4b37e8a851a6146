package io.petrel.protocol;

import java.nio.ByteBuffer;

/** Writes a size-prefixed frame of a header and a body, sized once and written once. */
final class FrameWriter {
    private FrameWriter() {
    }

    static ByteBuffer write(MessageSchema headerSchema, Message header, short headerVersion,
                            MessageSchema bodySchema, Message body, short bodyVersion) {
        int headerSize = headerSchema.sizeOf(header, headerVersion);
        int bodySize = bodySchema.sizeOf(body, bodyVersion);
        ByteBuffer buf = ByteBuffer.allocate(FrameLength.PREFIX_BYTES + headerSize + bodySize);
        buf.putInt(headerSize + bodySize);
        headerSchema.write(header, headerVersion, buf);
        bodySchema.write(body, bodyVersion, buf);
        return buf.flip();
    }
}
