package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.producer.ProducerRecord;
import io.petrel.producer.RecordMetadata;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.serializers.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The sender runs on the thread its network lends ({@code ClientNetwork.ioThread()}): the Produce request is made
 * there and the record's callback runs there, so no other thread sits between send() and the socket, or between
 * the answer and the callback.
 */
class SenderOnIoThreadTest {
    private static final long WAIT_S = 30;

    @Test
    void theRequestIsMadeAndTheCallbackRunOnTheThreadTheNetworkLends() throws Exception {
        CompletableFuture<Thread> madeOn = new CompletableFuture<>();
        ScriptedNetwork network = ScriptedProduce.network(1).handle(ApiKey.PRODUCE, ScriptedProduce.VERSION,
                (node, request) -> {
                    madeOn.complete(Thread.currentThread());
                    return ScriptedProduce.response(request, ErrorCode.NONE, 7, -1, -1);
                });
        ProducerSettings settings = ProducerSettings.from(Map.of("bootstrap.servers", "localhost:9092",
                "linger.ms", 0));
        try (PetrelProducer<String, String> producer = PetrelProducer.start(settings, new StringSerializer(),
                new StringSerializer(), (s, t) -> network, Time.SYSTEM)) {
            Thread lent = network.ioThread().submit(Thread::currentThread).get(WAIT_S, TimeUnit.SECONDS);
            CompletableFuture<Thread> calledBackOn = new CompletableFuture<>();
            RecordMetadata written = producer.send(ProducerRecord.of("t", "v"),
                    (metadata, error) -> calledBackOn.complete(Thread.currentThread())).get(WAIT_S, TimeUnit.SECONDS);

            assertEquals(7, written.offset());
            assertSame(lent, madeOn.get(WAIT_S, TimeUnit.SECONDS), "the request was made on " + madeOn.join());
            assertSame(lent, calledBackOn.get(WAIT_S, TimeUnit.SECONDS), "the callback ran on " + calledBackOn.join());
        }
    }
}
