package io.petrel.client;

/**
 * A broker speaks no version of an API that Petrel also speaks (or does not offer the API at all); the
 * message names the API, the node and both version ranges.
 */
public class UnsupportedVersionException extends ClientException {
    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
