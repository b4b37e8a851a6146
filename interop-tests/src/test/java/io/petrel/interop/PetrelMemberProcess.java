package io.petrel.interop;

import io.petrel.testsupport.Await;
import io.petrel.testsupport.ClassPathSnapshot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Petrel group member in a JVM of its own ({@link PetrelMemberMain}), so it can die as a crashed process
 * does: {@link #die} has it commit what it read and stop polling, then kills the process, which never sends
 * LeaveGroup. Its reads and ownership changes come back over its standard output into a {@link GroupReadLog}.
 */
final class PetrelMemberProcess implements GroupMember {
    private static final Duration REPLY_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path errors;
    private final GroupReadLog log;
    private final Thread reader;
    private volatile Set<Integer> owned = Set.of();
    private volatile String failure;
    private volatile boolean stopped;
    private volatile boolean left;

    PetrelMemberProcess(String name, String bootstrap, String topic, String group, String strategy,
                        int sessionTimeoutMs, GroupReadLog log) {
        this(name, log, List.of(bootstrap, topic, group, strategy == null ? "default" : strategy,
                Integer.toString(sessionTimeoutMs), name));
    }

    /** A member speaking the consumer group protocol (group.protocol=consumer). */
    static PetrelMemberProcess consumerProtocol(String name, String bootstrap, String topic, String group,
                                                GroupReadLog log) {
        return new PetrelMemberProcess(name, log, List.of(bootstrap, topic, group, "default", "0", name, "consumer"));
    }

    private PetrelMemberProcess(String name, GroupReadLog log, List<String> arguments) {
        this.name = name;
        this.log = log;
        try {
            this.errors = Files.createTempFile("petrel-member-" + name, ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", ClassPathSnapshot.childClassPath(),
                    PetrelMemberMain.class.getName()));
            command.addAll(arguments);
            this.process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the member process " + name, e);
        }
        this.reader = new Thread(this::readReplies, "member-process-" + name);
        reader.start();
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                handle(line);
            }
        } catch (IOException e) {
            if (failure == null && !stopped) {
                failure = "lost the member's output: " + e;
            }
        }
    }

    private void handle(String line) {
        if (line.startsWith("READ ")) {
            String[] parts = line.split(" ", 4);
            log.add(new GroupReadLog.Read(name, Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                    parts[3].equals("OK") ? null : parts[3]));
        } else if (line.startsWith("OWNED")) {
            String list = line.substring("OWNED".length()).trim();
            Set<Integer> now = new TreeSet<>();
            if (!list.isEmpty()) {
                Arrays.stream(list.split(",")).map(Integer::valueOf).forEach(now::add);
            }
            owned = now;
        } else if (line.startsWith("FAILED ")) {
            failure = line.substring("FAILED ".length());
        } else if (line.equals("STOPPED")) {
            stopped = true;
        } else if (line.equals("LEFT")) {
            left = true;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "petrel";
    }

    @Override
    public Set<Integer> owned() {
        return owned;
    }

    @Override
    public Throwable failure() {
        if (failure != null) {
            return new AssertionError("member process " + name + ": " + failure + "\n" + errorTail());
        }
        if (!process.isAlive() && !stopped && !left) {
            return new AssertionError("member process " + name + " exited with " + process.exitValue() + "\n"
                    + errorTail());
        }
        return null;
    }

    @Override
    public void leave() {
        command("leave");
        awaitReply(() -> left, "LEFT");
        waitForExit();
        owned = Set.of();
    }

    /**
     * Has the member commit what it read and stop polling, then kills its process (SIGKILL): no LeaveGroup, no
     * more heartbeats; the group notices when the session times out.
     */
    void die() {
        command("stop");
        // Lines are handled in order: every READ before STOPPED is in the log once STOPPED is seen.
        awaitReply(() -> stopped, "STOPPED");
        process.destroyForcibly();
        waitForExit();
        owned = Set.of();
    }

    private void command(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("member process " + name + " does not take commands\n" + errorTail(), e);
        }
    }

    private void awaitReply(BooleanSupplier replied, String reply) {
        Await.until(REPLY_WAIT, () -> "member process " + name + " to answer " + reply + "\n" + errorTail(),
                () -> replied.getAsBoolean() || !process.isAlive());
        if (!replied.getAsBoolean()) {
            throw new AssertionError("member process " + name + " exited before " + reply + "\n" + errorTail());
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(REPLY_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String errorTail() {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
        try {
            Files.deleteIfExists(errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
