package io.petrel.protocol;

import io.petrel.protocol.schemas.ResponseHeader;

import java.nio.ByteBuffer;

/**
 * Encoding and decoding of responses: header v1 (tagged fields) with flexible response versions, v0
 * otherwise, and always v0 for ApiVersions, so a client that does not yet know which versions the broker
 * speaks can still read the answer.
 *
 * @param correlationId the request's correlation id
 * @param body          the decoded body
 */
public record ResponseFrame(int correlationId, Message body) {

    /** The correlation id of a response frame (size prefix consumed), read without consuming it. */
    public static int peekCorrelationId(ByteBuffer frame) {
        if (frame.remaining() < 4) {
            throw new ProtocolException("Response frame of " + frame.remaining() + " bytes has no room for a correlation id");
        }
        return frame.getInt(frame.position());
    }

    /** Decodes a response frame (size prefix consumed) of the given API and version. */
    public static ResponseFrame decode(ByteBuffer frame, ApiKey api, short apiVersion) {
        Message header = ResponseHeader.SCHEMA.read(frame, headerVersion(api, apiVersion));
        Message body = api.responseSchema().read(frame, apiVersion);
        if (frame.hasRemaining()) {
            throw new ProtocolException(api.apiName() + " response v" + apiVersion + " has " + frame.remaining()
                    + " bytes left over after its body");
        }
        return new ResponseFrame(header.get(ResponseHeader.CORRELATION_ID), body);
    }

    /** Encodes a whole response, size prefix included. */
    public static ByteBuffer encode(ApiKey api, short apiVersion, int correlationId, Message body) {
        short headerVersion = headerVersion(api, apiVersion);
        Message header = ResponseHeader.SCHEMA.newMessage().set(ResponseHeader.CORRELATION_ID, correlationId);
        return FrameWriter.write(ResponseHeader.SCHEMA, header, headerVersion, api.responseSchema(), body, apiVersion);
    }

    /** The response header version for an API version. */
    public static short headerVersion(ApiKey api, short apiVersion) {
        if (api == ApiKey.API_VERSIONS) {
            return 0;
        }
        return api.responseSchema().isFlexible(apiVersion) ? (short) 1 : (short) 0;
    }
}
