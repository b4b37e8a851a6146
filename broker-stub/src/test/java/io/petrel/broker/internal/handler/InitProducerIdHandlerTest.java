package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitProducerIdHandlerTest {
    @TempDir
    Path dir;

    private static Message request(String transactionalId) {
        return InitProducerIdRequest.SCHEMA.newMessage()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, transactionalId)
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, 60_000);
    }

    @Test
    void producerIdsAreUniqueAcrossRestarts() throws Exception {
        Set<Long> ids = new HashSet<>();
        for (int restart = 0; restart < 3; restart++) {
            try (HandlerFixture fx = new HandlerFixture(dir)) {
                for (int i = 0; i < 5; i++) {
                    Message response = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 4, request(null));
                    assertEquals(ErrorCode.NONE.code(), response.get(InitProducerIdResponse.ERROR_CODE));
                    assertEquals((short) 0, response.get(InitProducerIdResponse.PRODUCER_EPOCH));
                    assertTrue(ids.add(response.get(InitProducerIdResponse.PRODUCER_ID)), "ids never repeat");
                }
            }
        }
        assertEquals(15, ids.size());
    }

    @Test
    void theAllocatorReservesBlocksAheadOfUse() throws Exception {
        ProducerIdAllocator first = ProducerIdAllocator.open(dir);
        long a = first.next();
        long b = first.next();
        assertEquals(a + 1, b);
        ProducerIdAllocator second = ProducerIdAllocator.open(dir);
        assertTrue(second.next() >= a + ProducerIdAllocator.BLOCK_SIZE, "a restart skips the reserved block");
    }

    @Test
    void anEpochBumpRequestGetsAFreshIdAsKafkaGivesIdempotentProducers() throws Exception {
        try (HandlerFixture fx = new HandlerFixture(dir)) {
            long id = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 5, request(null)).get(InitProducerIdResponse.PRODUCER_ID);
            Message bump = request(null).set(InitProducerIdRequest.PRODUCER_ID, id)
                    .set(InitProducerIdRequest.PRODUCER_EPOCH, (short) 0);
            Message response = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 5, bump);
            assertEquals(ErrorCode.NONE.code(), response.get(InitProducerIdResponse.ERROR_CODE));
            assertNotEquals(id, response.get(InitProducerIdResponse.PRODUCER_ID));
            assertEquals((short) 0, response.get(InitProducerIdResponse.PRODUCER_EPOCH));
        }
    }

    @Test
    void aTransactionalIdKeepsItsProducerIdAndEachInitBumpsTheEpoch() throws Exception {
        try (HandlerFixture fx = new HandlerFixture(dir)) {
            Message empty = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 3, request(""));
            assertEquals(ErrorCode.INVALID_REQUEST.code(), empty.get(InitProducerIdResponse.ERROR_CODE));

            Message first = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 3, request("my-txn"));
            assertEquals(ErrorCode.NONE.code(), first.get(InitProducerIdResponse.ERROR_CODE));
            assertEquals((short) 0, first.get(InitProducerIdResponse.PRODUCER_EPOCH));
            Message second = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 3, request("my-txn"));
            assertEquals(first.get(InitProducerIdResponse.PRODUCER_ID), second.get(InitProducerIdResponse.PRODUCER_ID));
            assertEquals((short) 1, second.get(InitProducerIdResponse.PRODUCER_EPOCH));
        }
        try (HandlerFixture fx = new HandlerFixture(dir)) {
            Message afterRestart = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 3, request("my-txn"));
            assertEquals((short) 2, afterRestart.get(InitProducerIdResponse.PRODUCER_EPOCH), "the journal kept the epoch");
        }
    }

    @Test
    void aTransactionTimeoutAboveTheMaximumIsRefused() throws Exception {
        try (HandlerFixture fx = new HandlerFixture(dir, b -> b.transactionMaxTimeout(java.time.Duration.ofSeconds(30)))) {
            Message tooLong = fx.call(ApiKey.INIT_PRODUCER_ID, (short) 3, request("my-txn"));
            assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT.code(), tooLong.get(InitProducerIdResponse.ERROR_CODE));
            assertEquals(-1L, tooLong.get(InitProducerIdResponse.PRODUCER_ID));
        }
    }
}
