package io.petrel.broker.internal.quota;

import io.petrel.protocol.ErrorCode;

/**
 * Why a quota request (or one entry of it) is refused: Kafka's error code and message.
 *
 * @param code    the error code
 * @param message the message, naming the bad value
 */
record QuotaError(ErrorCode code, String message) {
    static QuotaError invalid(String message) {
        return new QuotaError(ErrorCode.INVALID_REQUEST, message);
    }
}
