package io.petrel.broker.internal.log;

import io.petrel.protocol.ErrorCode;

/**
 * A read asked for an offset outside the log: before its start offset (deleted by retention) or past its
 * end offset. Fetch answers {@link ErrorCode#OFFSET_OUT_OF_RANGE}, and a consumer resets its position.
 */
public class OffsetOutOfRangeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long logStartOffset;
    private final long logEndOffset;

    public OffsetOutOfRangeException(long offset, long logStartOffset, long logEndOffset) {
        super("Offset " + offset + " is out of range: expected one from the log start offset " + logStartOffset
                + " to the log end offset " + logEndOffset);
        this.offset = offset;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    /** The offset asked for. */
    public long offset() {
        return offset;
    }

    /** The log start offset when the read was refused. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The log end offset when the read was refused. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** {@link ErrorCode#OFFSET_OUT_OF_RANGE}. */
    public ErrorCode errorCode() {
        return ErrorCode.OFFSET_OUT_OF_RANGE;
    }
}
