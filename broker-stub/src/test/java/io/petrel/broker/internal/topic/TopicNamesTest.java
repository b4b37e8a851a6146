package io.petrel.broker.internal.topic;

import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicNamesTest {

    private static TopicException invalid(String name) {
        TopicException e = assertThrows(TopicException.class, () -> TopicNames.validate(name));
        assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, e.errorCode());
        return e;
    }

    @Test
    void acceptsKafkasAlphabetUpTo249Characters() {
        assertDoesNotThrow(() -> TopicNames.validate("orders.v2_EU-west"));
        assertDoesNotThrow(() -> TopicNames.validate("a".repeat(249)));
        assertDoesNotThrow(() -> TopicNames.validate("..."));
        assertDoesNotThrow(() -> TopicNames.validate("__consumer_offsets"));
    }

    @Test
    void refusesEmptyDotsTooLongAndForeignCharactersSayingWhatIsExpected() {
        assertTrue(invalid("").getMessage().contains("empty"));
        assertTrue(invalid(null).getMessage().contains("empty"));
        assertTrue(invalid(".").getMessage().contains("reserved"));
        assertTrue(invalid("..").getMessage().contains("reserved"));
        TopicException tooLong = invalid("a".repeat(250));
        assertTrue(tooLong.getMessage().contains("250 characters"), tooLong.getMessage());
        assertTrue(tooLong.getMessage().contains("at most 249"), tooLong.getMessage());
        TopicException space = invalid("my topic");
        assertTrue(space.getMessage().contains("' ' at position 2"), space.getMessage());
        assertTrue(space.getMessage().contains("a-z, A-Z, 0-9, '.', '_' and '-'"), space.getMessage());
        invalid("topic/1");
        invalid("tøpic");
    }

    @Test
    void dotsAndUnderscoresShareACollisionKey() {
        assertEquals(TopicNames.collisionKey("a.b_c"), TopicNames.collisionKey("a_b.c"));
        assertTrue(!TopicNames.collisionKey("a-b").equals(TopicNames.collisionKey("a_b")));
    }
}
