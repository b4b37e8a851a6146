package io.petrel.benchmarks;

import io.petrel.benchmarks.FetchSessionBytes.Figure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fetch-bytes figure at a small scale: with sessions, both clients' fetches are far smaller. */
class FetchSessionBytesTest {
    private static final int PARTITIONS = 100;

    @Test
    void incrementalFetchesCarryFarFewerBytesThanFullOnes() throws Exception {
        List<Figure> figures = FetchSessionBytes.measureAll(PARTITIONS, 2, 10);
        assertEquals(4, figures.size());
        for (int i = 0; i < figures.size(); i += 2) {
            Figure full = figures.get(i);
            Figure incremental = figures.get(i + 1);
            assertEquals(full.client(), incremental.client());
            assertTrue(full.requestBytesPerFetch() > PARTITIONS * 20, full + ": a full fetch names every partition");
            assertTrue(incremental.requestBytesPerFetch() * 5 < full.requestBytesPerFetch(), incremental + " vs " + full);
            assertTrue(incremental.responseBytesPerFetch() * 3 < full.responseBytesPerFetch(), incremental + " vs " + full);
        }
    }
}
