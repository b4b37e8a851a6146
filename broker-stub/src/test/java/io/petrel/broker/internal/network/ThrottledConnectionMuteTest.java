package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.AlterClientQuotasRequest;
import io.petrel.protocol.schemas.AlterClientQuotasResponse;
import io.petrel.protocol.schemas.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KIP-219 on the broker: a response over quota goes out at once with its throttle time, then the broker reads nothing
 * more from that connection until the throttle has passed, whether the client honours it or not (this one does not).
 */
@ExtendWith(PetrelBrokerExtension.class)
class ThrottledConnectionMuteTest {

    @Test
    void aThrottledConnectionIsNotReadUntilTheThrottleTimeHasPassed(Broker broker) throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail("muted", 1);
            ByteBuffer batch = RawClient.batch("a-record-of-some-length", 2000);
            // Kafka measures over at least 10 s: this quota makes the batch 10.5 s worth, 0.5 s over.
            long quota = (long) Math.floor(batch.remaining() / 10.5);
            setProducerByteRate(client, quota);

            // The mute starts when the broker answers, which is after this and before the answer is read here:
            // timed from the answer's arrival, a loaded machine's late delivery looked like an early unmute.
            long sent = System.nanoTime();
            Message produced = client.call(ApiKey.PRODUCE, 9, RawClient.produce("muted", 0, batch));
            int throttleMs = produced.get(ProduceResponse.THROTTLE_TIME_MS);
            assertTrue(throttleMs >= 500 && throttleMs < 600, "throttle time " + throttleMs + " ms");

            client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            long waitedMs = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(waitedMs >= throttleMs - 20, "the next request was served " + waitedMs
                    + " ms after the throttled one was sent, within the " + throttleMs + " ms throttle");
        }
    }

    private static void setProducerByteRate(RawClient client, long quota) throws IOException {
        Message entity = Message.of(AlterClientQuotasRequest.EntityData.SCHEMA)
                .set(AlterClientQuotasRequest.EntityData.ENTITY_TYPE, "client-id")
                .set(AlterClientQuotasRequest.EntityData.ENTITY_NAME, RawClient.CLIENT_ID);
        Message op = Message.of(AlterClientQuotasRequest.OpData.SCHEMA)
                .set(AlterClientQuotasRequest.OpData.KEY, "producer_byte_rate")
                .set(AlterClientQuotasRequest.OpData.VALUE, (double) quota)
                .set(AlterClientQuotasRequest.OpData.REMOVE, false);
        Message request = AlterClientQuotasRequest.SCHEMA.newMessage()
                .set(AlterClientQuotasRequest.ENTRIES, List.of(Message.of(AlterClientQuotasRequest.EntryData.SCHEMA)
                        .set(AlterClientQuotasRequest.EntryData.ENTITY, List.of(entity))
                        .set(AlterClientQuotasRequest.EntryData.OPS, List.of(op))))
                .set(AlterClientQuotasRequest.VALIDATE_ONLY, false);
        Message response = client.call(ApiKey.ALTER_CLIENT_QUOTAS, 1, request);
        assertEquals(ErrorCode.NONE.code(),
                response.get(AlterClientQuotasResponse.ENTRIES).get(0).get(AlterClientQuotasResponse.EntryData.ERROR_CODE));
    }
}
