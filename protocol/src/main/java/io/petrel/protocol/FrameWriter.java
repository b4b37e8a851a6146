package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.List;

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

    /**
     * Writes the frame as {@link #write} does but with the body's records left out (see
     * {@link MessageSchema#writeWithoutRecords}); the splices' offsets are positions in the frame.
     */
    static SplicedMessage writeSpliced(MessageSchema headerSchema, Message header, short headerVersion,
                                       MessageSchema bodySchema, Message body, short bodyVersion) {
        int headerSize = headerSchema.sizeOf(header, headerVersion);
        int bodySize = bodySchema.sizeOf(body, bodyVersion);
        int bodyWithoutRecords = bodySchema.sizeWithoutRecords(body, bodyVersion);
        ByteBuffer buf = ByteBuffer.allocate(FrameLength.PREFIX_BYTES + headerSize + bodyWithoutRecords);
        buf.putInt(headerSize + bodySize);
        headerSchema.write(header, headerVersion, buf);
        List<SplicedMessage.Splice> splices = bodySchema.writeWithoutRecords(body, bodyVersion, buf);
        return new SplicedMessage(buf.flip(), List.copyOf(splices), FrameLength.PREFIX_BYTES + headerSize + bodySize);
    }
}
