package io.petrel.client.internal.network;

import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClientException;
import io.petrel.client.internal.ClientSoftware;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ApiVersionsRequest;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The ApiVersions exchange that opens every connection, as Kafka's clients do it: send the newest
 * ApiVersions version Petrel knows; a broker that does not know it answers UNSUPPORTED_VERSION with its
 * own list in a v0 body, and the exchange is retried at the broker's highest ApiVersions version. A
 * response that does not parse at the version sent is read again as v0, for the same reason.
 *
 * <p>The response header of ApiVersions is always v0 (just the correlation id), so the body starts four
 * bytes into the frame whatever the version. Pure functions; the connection drives the exchange.
 */
final class ApiVersionsHandshake {
    private static final Logger log = LoggerFactory.getLogger(ApiVersionsHandshake.class);

    /** The version the exchange starts at: the newest Petrel knows. */
    static final short FIRST_VERSION = ApiKey.API_VERSIONS.versions().highest();

    private ApiVersionsHandshake() {
    }

    /** What to do after a response. */
    sealed interface Outcome permits Retry, Done, Failed {
    }

    /** Ask again at this version. */
    record Retry(short version) implements Outcome {
    }

    /** The broker's versions are known. */
    record Done(NegotiatedVersions versions) implements Outcome {
    }

    /** The broker refused the exchange. */
    record Failed(ClientException error) implements Outcome {
    }

    /** The request body; client software name and version travel from v3 and are left out below. */
    static Message request() {
        return ApiVersionsRequest.SCHEMA.newMessage()
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, ClientSoftware.NAME)
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, ClientSoftware.VERSION);
    }

    /**
     * Reads a response frame (size prefix consumed, correlation id first) to a request sent at
     * {@code sentVersion} by {@code broker}.
     *
     * @throws ProtocolException if the body cannot be read at any version
     */
    static Outcome decode(ByteBuffer frame, short sentVersion, String broker) {
        ByteBuffer body = frame.duplicate();
        body.position(body.position() + Integer.BYTES);
        if (body.remaining() < Short.BYTES) {
            throw new ProtocolException("ApiVersions response from " + broker + " has no room for an error code");
        }
        ErrorCode error = ErrorCode.forCode(body.getShort(body.position()));
        if (error == ErrorCode.UNSUPPORTED_VERSION) {
            return retryVersion(readExactly(body, (short) 0), sentVersion, broker);
        }
        Message response = readLenient(body, sentVersion, broker);
        if (error != ErrorCode.NONE) {
            return new Failed(new BrokerErrorException(error, broker + " refused ApiVersions v" + sentVersion));
        }
        return new Done(NegotiatedVersions.from(response, broker));
    }

    private static Outcome retryVersion(Message v0, short sentVersion, String broker) {
        short brokerMax = NegotiatedVersions.from(v0, broker).brokerRange(ApiKey.API_VERSIONS)
                .map(Versions::highest).orElse((short) 0);
        short retry = (short) Math.min(brokerMax, FIRST_VERSION);
        if (retry >= sentVersion) {
            return new Failed(new BrokerErrorException(ErrorCode.UNSUPPORTED_VERSION, broker + " refused ApiVersions v"
                    + sentVersion + " though it lists versions up to " + brokerMax));
        }
        log.debug("{} does not know ApiVersions v{}; retrying at v{}", broker, sentVersion, retry);
        return new Retry(retry);
    }

    private static Message readLenient(ByteBuffer body, short version, String broker) {
        try {
            return readExactly(body, version);
        } catch (ProtocolException e) {
            if (version == 0) {
                throw e;
            }
            log.debug("ApiVersions v{} response from {} did not parse ({}); reading it as v0", version, broker,
                    e.getMessage());
            return readExactly(body, (short) 0);
        }
    }

    private static Message readExactly(ByteBuffer body, short version) {
        ByteBuffer copy = body.duplicate();
        Message message = ApiVersionsResponse.SCHEMA.read(copy, version);
        if (copy.hasRemaining()) {
            throw new ProtocolException("ApiVersions response v" + version + " has " + copy.remaining()
                    + " bytes left over after its body");
        }
        return message;
    }
}
