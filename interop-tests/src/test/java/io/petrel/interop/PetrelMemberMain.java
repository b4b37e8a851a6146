package io.petrel.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The child process of {@link PetrelMemberProcess}: runs one {@link PetrelThreadMember} and talks to the test over
 * its standard streams. Out (one line each): {@code READ <partition> <offset> OK|<mismatch>},
 * {@code OWNED <p,p,...>}, {@code STOPPED} (read records all committed, no longer polling), {@code LEFT},
 * {@code FAILED <error>}. In: {@code stop} (commit and stop polling, stay a member until killed), {@code leave}
 * (close normally and exit). End of input (the test JVM is gone) halts the process.
 *
 * <p>Arguments: bootstrap topic group strategy|default sessionTimeoutMs name [consumer], the last for
 * group.protocol=consumer (strategy and session timeout are then the broker's).
 */
public final class PetrelMemberMain {
    private PetrelMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String strategy = args[3].equals("default") ? null : args[3];
        PetrelThreadMember.Events events = new PetrelThreadMember.Events() {
                    @Override
                    public void read(GroupReadLog.Read read) {
                        line(out, "READ " + read.partition() + " " + read.offset() + " "
                                + (read.mismatch() == null ? "OK" : read.mismatch().replace('\n', ' ')));
                    }

                    @Override
                    public void owned(Set<Integer> partitions) {
                        line(out, "OWNED " + partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
                    }
                };
        PetrelThreadMember member = args.length > 6 && args[6].equals("consumer")
                ? PetrelThreadMember.consumerProtocol(args[5], args[0], args[1], args[2], true, events)
                : new PetrelThreadMember(args[5], args[0], args[1], args[2], strategy, Integer.parseInt(args[4]), events);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
            if (command.equals("stop")) {
                member.stopWithoutLeaving();
                report(out, member, "STOPPED");
            } else if (command.equals("leave")) {
                member.leave();
                report(out, member, "LEFT");
                System.exit(0);
            }
        }
        Runtime.getRuntime().halt(1);
    }

    private static void report(PrintStream out, PetrelThreadMember member, String done) {
        if (member.failure() != null) {
            line(out, "FAILED " + member.failure().toString().replace('\n', ' '));
        }
        line(out, done);
    }

    private static void line(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
