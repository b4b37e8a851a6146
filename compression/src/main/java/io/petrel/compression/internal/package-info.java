/**
 * Implementation details of {@code io.petrel.compression}. Not part of the public API: anything here
 * may change or disappear in any release.
 */
package io.petrel.compression.internal;
