package io.petrel.testsupport;

import java.io.IOException;

/** The program {@link ChildJvmTest} runs in a child JVM: says it started, then waits for its input to end. */
public final class ChildMain {
    /** Exit status when standard input ends. */
    static final int INPUT_ENDED = 3;

    private ChildMain() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("child started with " + String.join(" ", args) + " in " + System.getProperty("user.dir"));
        System.out.flush();
        while (System.in.read() >= 0) {
            // Nothing is ever written; only the end matters.
        }
        System.exit(INPUT_ENDED);
    }
}
