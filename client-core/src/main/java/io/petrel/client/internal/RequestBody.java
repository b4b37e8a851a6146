package io.petrel.client.internal;

import io.petrel.protocol.Message;

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
        };
    }
}
