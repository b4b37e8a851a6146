package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.QuietMachine;

import java.util.List;

/**
 * What every curve of the scale part runs with: the suite's options, where figures go, the quiet-machine wait,
 * the shared brokers and the consumer clients (Petrel's first, then kafka-clients').
 */
record ScaleRun(SuiteOptions options, SuiteResults results, QuietMachine quiet, List<BrokerProcess> brokers,
                List<ConsumerClient> consumers) {

    ScaleRun {
        brokers = List.copyOf(brokers);
        consumers = List.copyOf(consumers);
    }

    /** The scale part's sizes and counts. */
    ScaleSettings settings() {
        return options.scale();
    }

    /** The pause and the quiet-machine wait before a run. */
    void awaitQuiet() throws InterruptedException {
        quiet.awaitAfter(options.pauseBetweenRuns(), brokers);
    }
}
