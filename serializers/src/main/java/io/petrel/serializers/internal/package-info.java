/**
 * Implementation details of {@code io.petrel.serializers}. Not part of the public API: anything here
 * may change or disappear in any release.
 */
package io.petrel.serializers.internal;
