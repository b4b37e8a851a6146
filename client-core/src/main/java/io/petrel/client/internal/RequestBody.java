package io.petrel.client.internal;

import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;

/**
 * Builds a request body once the version to send is known: a body's fields depend on the version
 * (topic ids from Produce v13 on, say), and the version depends on what the broker speaks.
 */
@FunctionalInterface
public interface RequestBody {
    Message build(short version);

    /**
     * The highest version this body may go out at: the network sends the highest version both sides speak,
     * but no higher than this. Most bodies take any; a transactional Produce under transactions version 1
     * stops at v11, since v12 would tell the broker to add partitions itself.
     */
    default short maxVersion() {
        return Short.MAX_VALUE;
    }

    /**
     * The reader of this request's response body when it has one of its own (the Produce path, read a few hundred
     * times a second), or null, the default: the network reads the body with the API's response schema.
     */
    default ResponseFrame.BodyReader responseReader() {
        return null;
    }

    /** {@code body}, sent at no more than {@code maxVersion}. */
    static RequestBody atMost(short maxVersion, RequestBody body) {
        return new RequestBody() {
            @Override
            public Message build(short version) {
                return body.build(version);
            }

            @Override
            public short maxVersion() {
                return (short) Math.min(maxVersion, body.maxVersion());
            }

            @Override
            public ResponseFrame.BodyReader responseReader() {
                return body.responseReader();
            }
        };
    }
}
