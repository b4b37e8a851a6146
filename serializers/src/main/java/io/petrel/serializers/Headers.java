package io.petrel.serializers;

/**
 * The headers of one record: an ordered sequence of {@link Header}s in which a key may occur more
 * than once.
 *
 * <p>Iteration yields the headers in the order they were added. Mutating methods return this
 * instance so calls can be chained. An implementation may be read-only, in which case every
 * mutating method throws {@link IllegalStateException}.
 *
 * @see RecordHeaders
 */
public interface Headers extends Iterable<Header> {

    /**
     * Appends a header.
     *
     * @param header the header to append
     * @return this instance
     * @throws NullPointerException if {@code header} is {@code null}
     * @throws IllegalStateException if these headers are read-only
     */
    Headers add(Header header);

    /**
     * Appends a header with the given key and value.
     *
     * @param key the header key, not {@code null}
     * @param value the header value, possibly {@code null}
     * @return this instance
     * @throws NullPointerException if {@code key} is {@code null}
     * @throws IllegalStateException if these headers are read-only
     */
    Headers add(String key, byte[] value);

    /**
     * Removes every header with the given key.
     *
     * @param key the key to remove
     * @return this instance
     * @throws IllegalStateException if these headers are read-only
     */
    Headers remove(String key);

    /**
     * Returns the most recently added header with the given key.
     *
     * @param key the key to look for
     * @return the last header with that key, or {@code null} if there is none
     */
    Header lastHeader(String key);

    /**
     * Returns every header with the given key, in the order they were added.
     *
     * @param key the key to look for
     * @return the matching headers; empty if there are none
     */
    Iterable<Header> headers(String key);

    /**
     * Returns all headers, in the order they were added, as a new array.
     *
     * @return a new array holding the headers; empty if there are none
     */
    Header[] toArray();
}
