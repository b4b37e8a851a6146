package io.petrel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link ErrorCode} against Kafka's own list of errors, {@code Errors.values()}. */
class ErrorCodeTest {

    @TestFactory
    Stream<DynamicTest> everyKafkaErrorHasTheSameNameCodeAndRetriability() {
        return Arrays.stream(Errors.values()).map(kafka -> dynamicTest(
                kafka.name() + " (" + kafka.code() + ")", () -> {
                    Optional<ErrorCode> petrel = ErrorCode.lookup(kafka.code());
                    assertTrue(petrel.isPresent(), "Petrel has no error with code " + kafka.code());
                    assertEquals(kafka.name(), petrel.get().name(), "name for code " + kafka.code());
                    assertEquals(kafka.code(), petrel.get().code());
                    assertEquals(kafka.exception() instanceof RetriableException,
                            petrel.get().retriable(), "retriable flag of " + kafka.name());
                    assertSame(petrel.get(), ErrorCode.valueOf(kafka.name()));
                    assertSame(petrel.get(), ErrorCode.forCode(kafka.code()));
                }));
    }

    @Test
    void petrelHasNoErrorKafkaLacks() {
        Set<String> kafkaNames =
                Arrays.stream(Errors.values()).map(Enum::name).collect(Collectors.toSet());
        Set<Short> kafkaCodes =
                Arrays.stream(Errors.values()).map(Errors::code).collect(Collectors.toSet());
        for (ErrorCode petrel : ErrorCode.values()) {
            assertTrue(kafkaNames.contains(petrel.name()), petrel + " is not a Kafka error name");
            assertTrue(kafkaCodes.contains(petrel.code()), petrel + " has a code Kafka lacks");
        }
        assertEquals(Errors.values().length, ErrorCode.values().length);
    }

    @Test
    void codesAreUnique() {
        Set<Short> seen = new HashSet<>();
        for (ErrorCode error : ErrorCode.values()) {
            assertTrue(seen.add(error.code()), "duplicate code " + error.code());
        }
    }

    @Test
    void everyErrorHasABriefMessage() {
        for (ErrorCode error : ErrorCode.values()) {
            assertFalse(error.message().isBlank(), error + " has no message");
            assertTrue(error.message().length() <= 80, error + " message is not brief");
            assertFalse(error.message().endsWith("."), error + " message ends with a period");
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {-32768, -2, 134, 999, 32767})
    void unknownCodesMapToUnknownServerError(short code) {
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode(code));
        assertEquals(Optional.empty(), ErrorCode.lookup(code));
        // Kafka does the same for codes it does not know.
        assertSame(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode(code));
    }

    @Test
    void wellKnownCodes() {
        assertSame(ErrorCode.NONE, ErrorCode.forCode((short) 0));
        assertSame(ErrorCode.UNKNOWN_SERVER_ERROR, ErrorCode.forCode((short) -1));
        assertSame(ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.forCode((short) 6));
        assertTrue(ErrorCode.NOT_LEADER_OR_FOLLOWER.retriable());
        assertFalse(ErrorCode.TOPIC_AUTHORIZATION_FAILED.retriable());
        assertFalse(ErrorCode.NONE.retriable());
        assertEquals(Optional.of(ErrorCode.OFFSET_OUT_OF_RANGE), ErrorCode.lookup((short) 1));
    }
}
