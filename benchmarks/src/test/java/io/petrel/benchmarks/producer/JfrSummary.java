package io.petrel.benchmarks.producer;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the time of a JFR recording went, as markdown: CPU samples per thread, the hottest frames (self and
 * inclusive), native samples (a thread blocked in a system call), allocation by class and by site, GC.
 * Runnable on its own: {@code java -cp ... io.petrel.benchmarks.producer.JfrSummary FILE.jfr}.
 */
public final class JfrSummary {
    private static final int TOP = 20;
    private static final Predicate<String> OURS_OR_THEIRS = m -> m.startsWith("io.petrel.")
            || m.startsWith("org.apache.kafka.") || m.startsWith("io.netty.");

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        summarize(Path.of(args[0]), Instant.MIN, Instant.MAX).forEach(System.out::println);
    }

    /** The summary of the events of {@code file} that started between {@code from} and {@code to}. */
    public static List<String> summarize(Path file, Instant from, Instant to) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> selfLine = new HashMap<>();
        Map<String, Long> nativeByThread = new HashMap<>();
        Map<String, Long> nativeTop = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Long> monitorBlocked = new HashMap<>();
        Map<String, Map<String, Long>> selfByThread = new HashMap<>();
        Map<String, Map<String, Long>> inclusiveByThread = new HashMap<>();
        long samples = 0;
        long nativeSamples = 0;
        long allocTotal = 0;
        long gcCount = 0;
        Duration gcTime = Duration.ZERO;
        Duration gcLongest = Duration.ZERO;

        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        String thread = threadName(e.getThread("sampledThread"));
                        add(byThread, thread, 1);
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        if (!frames.isEmpty()) {
                            add(self, method(frames.get(0)), 1);
                            add(selfByThread.computeIfAbsent(thread, t -> new HashMap<>()), method(frames.get(0)), 1);
                            add(selfLine, method(frames.get(0)) + ":" + frames.get(0).getLineNumber(), 1);
                        }
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String m = method(f);
                            if (OURS_OR_THEIRS.test(m) && seen.add(m)) {
                                add(inclusiveByThread.computeIfAbsent(thread, t -> new HashMap<>()), m, 1);
                            }
                        }
                    }
                    case "jdk.NativeMethodSample" -> {
                        nativeSamples++;
                        add(nativeByThread, threadName(e.getThread("sampledThread")), 1);
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        if (!frames.isEmpty()) {
                            add(nativeTop, threadName(e.getThread("sampledThread")) + " in " + method(frames.get(0)), 1);
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = e.getLong("weight");
                        allocTotal += weight;
                        add(allocByClass, e.getClass("objectClass").getName(), weight);
                        for (RecordedFrame f : frames(e.getStackTrace())) {
                            String m = method(f);
                            if (OURS_OR_THEIRS.test(m)) {
                                add(allocBySite, m + ":" + f.getLineNumber(), weight);
                                break;
                            }
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcTime = gcTime.plus(e.getDuration());
                        if (e.getDuration().compareTo(gcLongest) > 0) {
                            gcLongest = e.getDuration();
                        }
                    }
                    case "jdk.JavaMonitorEnter" -> {
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        if (!frames.isEmpty()) {
                            add(monitorBlocked, threadName(e.getThread()) + " in " + method(frames.get(0)),
                                    e.getDuration().toMillis());
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%d CPU samples (jdk.ExecutionSample), %d native samples, GC: %d collections,"
                + " %d ms in all, longest %d ms; %.0f MB allocated (sampled estimate)", samples, nativeSamples, gcCount,
                gcTime.toMillis(), gcLongest.toMillis(), allocTotal / 1e6));
        out.add("");
        table(out, "CPU samples by thread", "thread", byThread, samples, TOP);
        table(out, "Hottest frames, self (the method on top of the stack)", "frame", self, samples, TOP);
        table(out, "Hottest lines, self", "frame:line", selfLine, samples, TOP / 2);
        byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .forEach(t -> {
                    table(out, "Thread `" + t.getKey() + "`: hottest frames, self", "frame",
                            selfByThread.getOrDefault(t.getKey(), Map.of()), t.getValue(), TOP / 2);
                    table(out, "Thread `" + t.getKey() + "`: Petrel / Kafka / Netty frames, inclusive (anywhere in the stack)", "frame",
                            inclusiveByThread.getOrDefault(t.getKey(), Map.of()), t.getValue(), TOP);
                });
        table(out, "Native samples (blocked or in a system call) by thread", "thread", nativeByThread, nativeSamples, TOP / 2);
        table(out, "Native samples by thread and top frame", "thread in frame", nativeTop, nativeSamples, TOP / 2);
        table(out, "Allocation by class (sampled bytes)", "class", allocByClass, allocTotal, TOP / 2);
        table(out, "Allocation by first Petrel / Kafka / Netty frame (sampled bytes)", "site", allocBySite, allocTotal, TOP);
        if (!monitorBlocked.isEmpty()) {
            table(out, "Blocked on a monitor (ms, events over the threshold)", "thread in frame", monitorBlocked,
                    monitorBlocked.values().stream().mapToLong(Long::longValue).sum(), TOP / 2);
        }
        return out;
    }

    private static void table(List<String> out, String title, String what, Map<String, Long> counts, long total, int top) {
        out.add("**" + title.replace("|", "/") + "**");
        out.add("");
        out.add("| " + what + " | count | share |");
        out.add("|---|---:|---:|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> out.add(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |", en.getKey().replace("|", "\\|"),
                        en.getValue(),
                        total == 0 ? 0.0 : 100.0 * en.getValue() / total)));
        out.add("");
    }

    private static List<RecordedFrame> frames(RecordedStackTrace trace) {
        return trace == null ? List.of() : trace.getFrames();
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String threadName(RecordedThread t) {
        if (t == null) {
            return "?";
        }
        String name = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return name == null ? "?" : name;
    }

    private static void add(Map<String, Long> map, String key, long n) {
        map.merge(key, n, Long::sum);
    }
}
