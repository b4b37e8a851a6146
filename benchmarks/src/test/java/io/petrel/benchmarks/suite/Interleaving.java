package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the compared runs within a repeat: as given in even repeats, reversed in odd ones (A B, B A,
 * A B...). Runs of a repeat stay adjacent in time, and neither side always goes first after a pause or
 * always follows the other's garbage.
 */
public final class Interleaving {
    private Interleaving() {
    }

    public static <T> List<T> order(List<T> items, int repeat) {
        if (repeat % 2 == 0) {
            return List.copyOf(items);
        }
        List<T> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        return reversed;
    }
}
