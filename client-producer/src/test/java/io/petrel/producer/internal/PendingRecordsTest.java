package io.petrel.producer.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingRecordsTest {

    private static PendingRecords.Pending pending(String topic, String value, long deadline) {
        SerializedRecord record = new SerializedRecord(topic, null, 0L, null, value.getBytes(), null, null, 10);
        return new PendingRecords.Pending(record, RecordCompletion.of(null, null), deadline);
    }

    @Test
    void onceATopicWaitsLaterRecordsQueueBehindIt() {
        PendingRecords pending = new PendingRecords();
        assertFalse(pending.offerIfWaiting(pending("t", "0", 0)), "nothing waits yet");
        assertTrue(pending.add(pending("t", "1", 0)), "the first record of a topic asks for its metadata");
        assertFalse(pending.add(pending("t", "2", 0)));
        assertTrue(pending.offerIfWaiting(pending("t", "3", 0)));
        assertFalse(pending.offerIfWaiting(pending("other", "x", 0)));

        List<String> drained = new ArrayList<>();
        pending.drain("t", p -> drained.add(new String(p.record().value())));
        assertEquals(List.of("1", "2", "3"), drained);
        assertTrue(pending.isEmpty());
        assertFalse(pending.offerIfWaiting(pending("t", "4", 0)));
    }

    @Test
    void aSendDuringTheHandoverWaitsUntilEveryWaitingRecordIsHandedOn() throws Exception {
        PendingRecords pending = new PendingRecords();
        pending.add(pending("t", "1", 0));
        pending.add(pending("t", "2", 0));
        List<String> order = new ArrayList<>();
        CompletableFuture<Boolean> concurrentSend = new CompletableFuture<>();
        pending.drain("t", p -> {
            if (order.isEmpty()) {
                CompletableFuture.runAsync(() -> {
                    boolean queued = pending.offerIfWaiting(pending("t", "3", 0));
                    synchronized (order) {
                        order.add(queued ? "3 queued" : "3 direct");
                    }
                    concurrentSend.complete(queued);
                });
                assertFalse(waitBriefly(concurrentSend), "a send must not overtake the records being handed on");
            }
            synchronized (order) {
                order.add(new String(p.record().value()));
            }
        });
        concurrentSend.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("1", "2", "3 direct"), order);
    }

    private static boolean waitBriefly(CompletableFuture<?> future) {
        try {
            future.get(200, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordsPastTheirDeadlineExpire() {
        PendingRecords pending = new PendingRecords();
        pending.add(pending("a", "early", 100));
        pending.add(pending("b", "late", 300));
        assertEquals(100, pending.nextDeadlineNanos());
        assertEquals(1, pending.expire(200).size());
        assertEquals(300, pending.nextDeadlineNanos());
        assertEquals(java.util.Set.of("b"), pending.topics());
    }
}
