package io.petrel.broker.internal.log;

import io.petrel.broker.FlushPolicy;
import io.petrel.broker.LogConfig;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The process {@link LogCleanerKillTest} kills: it appends record i (key {@code k<i % KEYS>}, value {@code v<i>}) in
 * its own batch to a compacted log of small segments and cleans it after every {@value #WRITES_PER_CLEANING} appends,
 * for ever, printing {@code CLEANED n} after each cleaning. Arguments: the log directory.
 */
public final class CleaningProcessMain {
    static final int KEYS = 40;
    static final int WRITES_PER_CLEANING = 25;

    private CleaningProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        LogConfig d = LogConfig.defaults();
        LogConfig config = new LogConfig(2048, d.segmentMs(), d.retentionMs(), d.retentionBytes(), d.maxMessageBytes(),
                TimestampType.CREATE_TIME, 256, FlushPolicy.osPageCache());
        PartitionLog log = PartitionLog.open(dir, config, Clock.systemUTC(), System::nanoTime);
        CompactionConfig compact = new CompactionConfig(true, false, 86_400_000L, 0.0, 0, Long.MAX_VALUE);
        LogCleaner cleaner = new LogCleaner(dir.getParent(), () -> List.of(new LogCleaner.CleanableLog("t", 0, log,
                compact)), Clock.systemUTC(), 1000, 1024 * 1024);
        long cleanings = 0;
        for (long i = log.logEndOffset(); ; i++) {
            RecordBatchBuilder b = new RecordBatchBuilder(0);
            b.append(System.currentTimeMillis(), ("k" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8));
            log.append(b.build());
            if (i % WRITES_PER_CLEANING == 0 && cleaner.cleanFilthiest()) {
                System.out.println("CLEANED " + ++cleanings);
            }
        }
    }
}
