package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.suite.ScaleCharts.Series;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report's "Scale" section: per curve its chart, a table of medians with Petrel / kafka-clients on each
 * broker (or broker-stub / Kafka for the broker's own memory), where each series first leaves its first
 * point's figure by more than {@value #BAND_PERCENT}% and the structural reason the curve bends (what grows
 * with x, true whatever the figures), then the memory per partition and per connection, the counts, and
 * every run.
 */
final class ScaleSection {
    static final int BAND_PERCENT = 20;
    private static final String P = SuiteResults.PETREL;
    private static final String K = SuiteResults.KAFKA_CLIENTS;

    private final SuiteResults results;
    private final ScaleSettings settings;
    private final ScaleFigures f;
    private final Set<String> charts;

    ScaleSection(SuiteResults results, SuiteOptions options, Set<String> charts) {
        this.results = results;
        this.settings = options.scale();
        this.f = new ScaleFigures(results);
        this.charts = charts;
    }

    void render(StringBuilder md) {
        if (results.scalePoints.isEmpty()) {
            return;
        }
        md.append("## Scale\n\n");
        md.append(String.format(Locale.ROOT, "How throughput and memory grow with partitions, clients and record"
                + " size: Petrel beside kafka-clients, broker-stub beside Apache Kafka, the brokers of the parts"
                + " above (broker memory: fresh broker JVMs, same options). Medians of %d interleaved repeat(s);"
                + " 100 B records, `acks=1`, no compression, the producer part's settings unless said. A \"bends\""
                + " line names, per series, the first x where the figure leaves ±%d%% of its first point's.%n%n",
                settings.repeats(), BAND_PERCENT));
        partitions(md);
        clients(md);
        recordSize(md);
        memory(md);
        runs(md);
    }

    private void partitions(StringBuilder md) {
        if (!has(ScaleCurve.PARTITIONS_PRODUCE) && !has(ScaleCurve.BROKER_RSS_PARTITIONS)) {
            return;
        }
        md.append("### Partitions per topic\n\n");
        md.append(String.format(Locale.ROOT, "One producer sends %,d records, record i to partition i mod P (every"
                + " partition in use), to a fresh topic of P partitions; the consumer of the same client then reads"
                + " them all, every partition assigned. Heap: the benchmark JVM's heap after a full GC with the"
                + " client still open after its last record, less the same before it opened. Broker RSS: a fresh"
                + " broker JVM given these topics one after the other, one record in each partition, RSS after"
                + " `jcmd GC.run`.%n%n", settings.partitionRecords()));
        curve(md, ScaleCurve.PARTITIONS_PRODUCE, "Records go round-robin, so a partition's batch gets 1/P of the"
                + " records a single partition's would: as P grows, `linger.ms` closes smaller batches and the"
                + " per-batch costs (batch header and CRC, a partition entry per Produce request, a log append and"
                + " its lock on the broker) are spread over fewer records.");
        curve(md, ScaleCurve.PARTITIONS_CONSUME, "A fetch carries an entry per partition with data; with more"
                + " partitions each entry carries fewer records, and per-partition work (positions, fetch state,"
                + " the partition's entries in Fetch requests and responses unless fetch sessions send only what"
                + " changed) is paid on every fetch.");
        curve(md, ScaleCurve.PRODUCER_HEAP, "A producer holds per partition a queue of batches and their"
                + " buffers while records are in flight, and per-partition metadata; kafka-clients' buffer pool"
                + " keeps freed batch buffers for reuse up to `buffer.memory` (32 MiB by default), so its heap"
                + " can sit near that whatever P is.");
        curve(md, ScaleCurve.CONSUMER_HEAP, "A consumer holds per assigned partition its position and fetch"
                + " state, plus fetched data not yet returned by poll (bounded by `fetch.max.bytes` per fetch).");
        curve(md, ScaleCurve.BROKER_RSS_PARTITIONS, "Each partition costs the broker its log (an open segment"
                + " file and its indexes; Kafka memory-maps preallocated offset and time indexes) and in-memory"
                + " partition state; the first point is the idle JVM's fixed cost.");
    }

    private void clients(StringBuilder md) {
        if (!has(ScaleCurve.PRODUCERS_ONE_JVM) && !has(ScaleCurve.PRODUCERS_OWN_JVMS)
                && !has(ScaleCurve.CONSUMERS_IN_GROUP)) {
            return;
        }
        md.append("### Producers and consumers\n\n");
        md.append(String.format(Locale.ROOT, "Producers: %,d records in all, each producer its share, to one topic"
                + " of %d partitions (no key: each producer's sticky partitioner), all released together once each"
                + " has its metadata; records/s of all over first send to last acknowledgement of any. As threads"
                + " of the benchmark JVM (each its own producer) and as JVMs of their own (`ProducerChildMain`,"
                + " `-Xmx256m`, each warmed up with its share first; wall-clock start and end). Consumers: members"
                + " of a fresh group reading %,d records pre-filled in %d partitions; the group forms with"
                + " `auto.offset.reset=latest` (nothing read), then every member rewinds its partitions and a"
                + " barrier starts the clock, which stops at the last record.%n%n", settings.producerRecords(),
                settings.groupPartitions(), settings.groupRecords(), settings.groupPartitions()));
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        curve(md, ScaleCurve.PRODUCERS_ONE_JVM, "The producers, their I/O threads and the broker share the"
                + " machine's " + cores + ": the aggregate can grow only while fewer producers leave CPU idle;"
                + " past that, more producers split the same CPU and the broker's partitions into smaller batches.");
        curve(md, ScaleCurve.PRODUCERS_OWN_JVMS, "Each JVM adds its own heap, GC and JIT compiler threads and its"
                + " own connection and batches, on the same " + cores + " as the broker.");
        curve(md, ScaleCurve.CONSUMERS_IN_GROUP, "Members split the partitions; each fetches only its own, so once"
                + " the broker or the " + cores + " are busy, more members add requests rather than throughput.");
    }

    private void recordSize(StringBuilder md) {
        if (!has(ScaleCurve.RECORD_SIZE)) {
            return;
        }
        md.append("### Record size\n\n");
        md.append(String.format(Locale.ROOT, "One producer, a fresh 1-partition topic per run, about %d MiB of"
                + " values per run (%,d to %,d records), `batch.size=%d max.request.size=%d` at every size for both"
                + " clients, so a 100 KiB record fits a batch; each size warmed by one unmeasured run per client"
                + " and broker; records/s (MB/s of values).%n%n",
                settings.sizeBytes() >> 20, settings.sizeMinRecords(), settings.sizeMaxRecords(),
                ScaleSettings.SIZE_CURVE_BATCH_SIZE, ScaleSettings.SIZE_CURVE_MAX_REQUEST_SIZE));
        chart(md, "scale-record-size-mb.svg", "Producer throughput by record size, MB/s");
        curve(md, ScaleCurve.RECORD_SIZE, "Per-record costs (the send() call and its callback, the record's"
                + " header in the batch) dominate small records and per-byte costs (copying, the CRC, the socket,"
                + " the broker's write) large ones: records/s falls with size while MB/s rises, until the bytes"
                + " cost more than the records and MB/s levels off.");
    }

    private void memory(StringBuilder md) {
        if (!has(ScaleCurve.PRODUCER_HEAP) && !has(ScaleCurve.BROKER_RSS_PARTITIONS)) {
            return;
        }
        md.append("### Memory per partition and per connection\n\n");
        md.append("From the last step of each curve (its largest x against the one before), so the fixed costs"
                + " are paid on both sides; KiB.\n\n");
        MarkdownTable t = new MarkdownTable("what", ">broker-stub", ">Kafka", "note");
        for (String client : List.of(P, K)) {
            String whose = client.endsWith("s") ? client + "'" : client + "'s";
            perBrokerRow(t, whose + " producer heap per partition", ScaleCurve.PRODUCER_HEAP, client, "by the broker"
                    + " it ran against; pooled batch buffers count, and the pool stops at `buffer.memory` (32 MiB by"
                    + " default), which caps the curve");
            perBrokerRow(t, whose + " consumer heap per partition", ScaleCurve.CONSUMER_HEAP, client, "by the"
                    + " broker it ran against");
        }
        perBrokerRow(t, "broker RSS per partition", ScaleCurve.BROKER_RSS_PARTITIONS, "", "one record in each");
        perBrokerRow(t, "broker RSS per connection", ScaleCurve.BROKER_RSS_CONNECTIONS, "", String.format(Locale.ROOT,
                "%,d idle connections after one ApiVersions each", settings.connections()));
        md.append(t.render()).append('\n');
        if (has(ScaleCurve.BROKER_RSS_CONNECTIONS)) {
            table(md, ScaleCurve.BROKER_RSS_CONNECTIONS);
        }
    }

    private void curve(StringBuilder md, ScaleCurve curve, String why) {
        if (!has(curve)) {
            return;
        }
        md.append("**").append(ScaleCharts.title(curve)).append("**\n\n");
        chart(md, ScaleCharts.fileName(curve), ScaleCharts.title(curve));
        table(md, curve);
        md.append("Bends: ").append(bends(curve)).append(" Why: ").append(why).append("\n\n");
    }

    private void table(StringBuilder md, ScaleCurve curve) {
        List<Series> series = ScaleCharts.series(curve);
        List<String> headers = new ArrayList<>();
        headers.add(">" + curve.xLabel());
        series.forEach(s -> headers.add(">" + s.label() + ", " + curve.unit()));
        if (curve.brokerOnly()) {
            headers.add(">broker-stub / Kafka");
        } else {
            headers.add(">Petrel / kafka-clients on broker-stub");
            headers.add(">Petrel / kafka-clients on Kafka");
        }
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (long x : f.xs(curve)) {
            List<String> row = new ArrayList<>();
            row.add(label(curve, x));
            series.forEach(s -> row.add(cell(curve, s, x)));
            if (curve.brokerOnly()) {
                row.add(ValueFormat.ratio(Medians.ratio(f.value(curve, Kind.STUB, "", x),
                        f.value(curve, Kind.KAFKA, "", x))));
            } else {
                for (Kind b : Kind.values()) {
                    row.add(ValueFormat.ratio(Medians.ratio(f.value(curve, b, P, x), f.value(curve, b, K, x))));
                }
            }
            t.row(row.toArray(String[]::new));
        }
        md.append(t.render()).append('\n');
    }

    private String cell(ScaleCurve curve, Series s, long x) {
        double v = f.value(curve, s.broker(), s.client(), x);
        if (curve.unit().equals("MiB")) {
            return ValueFormat.fixed(v, 1);
        }
        if (curve == ScaleCurve.RECORD_SIZE) {
            return ValueFormat.whole(v) + " (" + ValueFormat.fixed(f.megabytes(curve, s.broker(), s.client(), x), 1)
                    + ")";
        }
        return ValueFormat.whole(v);
    }

    /** "broker-stub, Petrel: at 100 (0.62x of its first point); ...". */
    String bends(ScaleCurve curve) {
        List<String> parts = new ArrayList<>();
        List<Long> xs = f.xs(curve);
        for (Series s : ScaleCharts.series(curve)) {
            long at = f.bend(curve, s.broker(), s.client(), BAND_PERCENT / 100.0);
            double first = f.value(curve, s.broker(), s.client(), xs.get(0));
            if (!Double.isFinite(first)) {
                parts.add(s.label() + ": not measured");
            } else if (at < 0) {
                List<String> missing = xs.stream().filter(x -> !Double.isFinite(f.value(curve, s.broker(),
                        s.client(), x))).map(x -> label(curve, x)).toList();
                parts.add(s.label() + ": within ±" + BAND_PERCENT + "% " + (missing.isEmpty() ? "throughout"
                        : "where measured (not measured at " + String.join(", ", missing) + ")"));
            } else {
                parts.add(String.format(Locale.ROOT, "%s: at %s (%s of its first point)", s.label(), label(curve, at),
                        ValueFormat.ratio(f.value(curve, s.broker(), s.client(), at) / first)));
            }
        }
        return String.join("; ", parts) + ".";
    }

    /** An x as the tables print it: "1,000", or "10 KiB" on the record-size curve. */
    private static String label(ScaleCurve curve, long x) {
        return curve == ScaleCurve.RECORD_SIZE ? SuiteResults.sizeLabel((int) x) : ValueFormat.whole(x);
    }

    private void runs(StringBuilder md) {
        md.append("<details><summary>Every scale run</summary>\n\n");
        MarkdownTable t = new MarkdownTable("curve", ">x", "broker", "client", ">repeat", ">value", ">MB/s", "ok");
        for (ScalePoint p : results.scalePoints) {
            t.row(p.curve().name().toLowerCase(Locale.ROOT), ValueFormat.whole(p.x()), SuiteResults.shortName(p.broker()),
                    p.client(), Integer.toString(p.repeat() + 1), ValueFormat.fixed(p.value(), 1),
                    ValueFormat.fixed(p.megabytesPerSecond(), 1), p.ok() ? "yes" : "NO: " + p.error());
        }
        md.append(t.render()).append("\n</details>\n\n");
    }

    private boolean has(ScaleCurve curve) {
        return f.curves().contains(curve);
    }

    private void chart(StringBuilder md, String file, String alt) {
        if (charts.contains(file)) {
            md.append("![").append(alt).append("](").append(file).append(")\n\n");
        }
    }

    /** A memory row: the curve's last step in KiB on broker-stub, then on Kafka. */
    private void perBrokerRow(MarkdownTable t, String what, ScaleCurve curve, String client, String note) {
        t.row(what, kib(f.lastStepKiB(curve, Kind.STUB, client)), kib(f.lastStepKiB(curve, Kind.KAFKA, client)), note);
    }

    private static String kib(double v) {
        return ValueFormat.fixed(v, 1);
    }
}
