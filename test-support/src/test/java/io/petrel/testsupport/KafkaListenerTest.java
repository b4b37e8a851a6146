package io.petrel.testsupport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaListenerTest {

    @Test
    void spellsItselfAsServerPropertiesDo() {
        KafkaListener listener = new KafkaListener("CLIENT_TLS", "ssl", 9093);
        assertEquals("SSL", listener.securityProtocol());
        assertEquals("127.0.0.1:9093", listener.address());
        assertEquals("CLIENT_TLS://127.0.0.1:9093", listener.uri());
        assertEquals("CLIENT_TLS:SSL", listener.protocolMapEntry());
    }

    @Test
    void refusesABadNameProtocolOrPort() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new KafkaListener("client-tls", "SSL", 1));
        assertTrue(name.getMessage().contains("was client-tls"), name.getMessage());
        IllegalArgumentException protocol = assertThrows(IllegalArgumentException.class,
                () -> new KafkaListener("TLS", "TLS", 1));
        assertTrue(protocol.getMessage().contains("security protocol must be one of"), protocol.getMessage());
        assertTrue(protocol.getMessage().endsWith("was TLS"), protocol.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> new KafkaListener("PLAINTEXT", "PLAINTEXT", 70_000));
        assertEquals("Listener PLAINTEXT: port must be 0-65535, was 70000", port.getMessage());
    }
}
