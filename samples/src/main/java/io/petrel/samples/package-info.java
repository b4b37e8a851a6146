/** Runnable sample apps walking through Petrel's producer and consumer. */
package io.petrel.samples;
