package io.petrel.tools.internal.admin;

import io.petrel.client.ClientException;

/** No broker of the bootstrap list could be reached; the message says where and why, for one line on stderr. */
public final class ClusterUnreachableException extends ClientException {
    private static final long serialVersionUID = 1L;

    public ClusterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
