package io.petrel.client.internal;

/**
 * The response frame a decoded {@link ClientNetwork.Response}'s byte fields are slices of (a Fetch response's
 * record batches), which the connection may reuse for a later response once its reader hands it back.
 *
 * <p>Only a reader that knows no slice of the frame is reachable any more may call {@link #release()}: the bytes
 * are overwritten by the next large response of that connection. Never calling it is always safe: the frame is
 * then collected like any other object.
 */
public interface FrameLease {
    /** A frame that is not reused: releasing it does nothing. */
    FrameLease NONE = () -> { };

    /** Hands the frame back for reuse; calls after the first do nothing. */
    void release();
}
