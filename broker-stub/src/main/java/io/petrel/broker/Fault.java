package io.petrel.broker;

/**
 * A handle on one injected fault: how often it fired, and a way to withdraw it early.
 */
public interface Fault {

    /** How many requests this fault has acted on so far. */
    int fired();

    /** Whether it has fired as often as it was asked to, or was cancelled. */
    boolean exhausted();

    /** Withdraws the fault; requests from now on are served normally. */
    void cancel();
}
