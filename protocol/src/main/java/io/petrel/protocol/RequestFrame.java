package io.petrel.protocol;

import io.petrel.protocol.schemas.RequestHeader;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A request as it arrives: the header's values and the body's bytes, not yet decoded.
 *
 * <p>The body stays raw so a broker can answer an API key or version it does not serve with Kafka's
 * error instead of failing to parse it. Header v2 (tagged fields) goes with flexible request versions,
 * header v1 with the rest; a version above the highest Petrel knows keeps the framing of the flexible
 * range, which is how a newer client's ApiVersions request can still be read and answered.
 *
 * @param apiKey        the raw API key, possibly one Petrel does not speak
 * @param apiVersion    the raw API version, possibly one Petrel does not speak
 * @param correlationId echoed in the response so the client can match it
 * @param clientId      the client's id, may be null
 * @param body          the body's bytes, a slice of the frame
 */
public record RequestFrame(short apiKey, short apiVersion, int correlationId, String clientId, ByteBuffer body) {

    /** The API, if Petrel speaks it. */
    public Optional<ApiKey> api() {
        return ApiKey.lookup(apiKey);
    }

    /** Decodes the header of a frame whose size prefix was already consumed. */
    public static RequestFrame decode(ByteBuffer frame) {
        if (frame.remaining() < 8) {
            throw new ProtocolException("Request frame of " + frame.remaining() + " bytes is shorter than the 8-byte minimum header");
        }
        short apiKey = frame.getShort(frame.position());
        short apiVersion = frame.getShort(frame.position() + 2);
        Message header = RequestHeader.SCHEMA.read(frame, headerVersion(apiKey, apiVersion));
        return new RequestFrame(apiKey, apiVersion, header.get(RequestHeader.CORRELATION_ID),
                header.get(RequestHeader.CLIENT_ID), frame.slice());
    }

    /** Decodes the body with the API's request schema. */
    public Message decodeBody() {
        ApiKey api = api().orElseThrow(() -> new ProtocolException("Unknown API key " + apiKey));
        return api.requestSchema().read(body.duplicate(), apiVersion);
    }

    /** Encodes a whole request, size prefix included. */
    public static ByteBuffer encode(ApiKey api, short apiVersion, int correlationId, String clientId, Message body) {
        Message header = header(api, apiVersion, correlationId, clientId);
        return FrameWriter.write(RequestHeader.SCHEMA, header, headerVersion(api.id(), apiVersion),
                api.requestSchema(), body, apiVersion);
    }

    /**
     * Encodes a whole request, size prefix included, with the record batches of its RECORDS fields left
     * out: those held as ByteBuffers come back as {@link BufferedRecords}, at their offsets in the frame,
     * so a transport can send them from their own memory instead of a copy (a Produce request is mostly
     * its batches). Splicing the records back in gives exactly what {@link #encode} returns.
     */
    public static SplicedMessage encodeSpliced(ApiKey api, short apiVersion, int correlationId, String clientId,
                                               Message body) {
        Message header = header(api, apiVersion, correlationId, clientId);
        return FrameWriter.writeSpliced(RequestHeader.SCHEMA, header, headerVersion(api.id(), apiVersion),
                api.requestSchema(), body, apiVersion);
    }

    private static Message header(ApiKey api, short apiVersion, int correlationId, String clientId) {
        return RequestHeader.SCHEMA.newMessage()
                .set(RequestHeader.REQUEST_API_KEY, api.id())
                .set(RequestHeader.REQUEST_API_VERSION, apiVersion)
                .set(RequestHeader.CORRELATION_ID, correlationId)
                .set(RequestHeader.CLIENT_ID, clientId);
    }

    /** The request header version that goes with an API version: 2 when the request is flexible, else 1. */
    public static short headerVersion(short apiKey, short apiVersion) {
        return ApiKey.lookup(apiKey)
                .filter(api -> api.requestSchema().isFlexible(apiVersion))
                .map(api -> (short) 2)
                .orElse((short) 1);
    }
}
