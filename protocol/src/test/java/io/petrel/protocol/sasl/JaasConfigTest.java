package io.petrel.protocol.sasl;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JaasConfigTest {
    private static JaasConfig parse(String text) {
        return JaasConfig.parse("sasl.jaas.config", text);
    }

    private static IllegalArgumentException rejects(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text));
    }

    @Test
    void readsKafkasPlainEntry() {
        JaasConfig login = parse("org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"alice-secret\";");
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule", login.loginModule());
        assertEquals("PlainLoginModule", login.moduleSimpleName());
        assertEquals("required", login.controlFlag());
        assertEquals(Map.of("username", "alice", "password", "alice-secret"), login.options());
    }

    @Test
    void readsSingleQuotesBareWordsEscapesCommentsAndLineBreaks() {
        JaasConfig login = parse("""
                // Confluent Cloud writes single quotes
                org.apache.kafka.common.security.scram.ScramLoginModule   REQUIRED
                    username='KEY-123' /* the API key */
                    password="se\\"cr\\\\et;=x"
                    tokenauth=true
                ;
                """);
        assertEquals("required", login.controlFlag());
        assertEquals("KEY-123", login.option("username").orElseThrow());
        assertEquals("se\"cr\\et;=x", login.option("password").orElseThrow());
        assertEquals("true", login.option("tokenauth").orElseThrow());
    }

    @Test
    void anEntryWithoutOptionsIsAllowed() {
        assertEquals(Map.of(), parse("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")
                .options());
    }

    @Test
    void errorsSayWhatWasExpectedAndWhereButNeverShowTheText() {
        IllegalArgumentException e = rejects("org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"hunter2\"");
        assertTrue(e.getMessage().contains("';' at the end"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());

        e = rejects("org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2;");
        assertTrue(e.getMessage().contains("closing \""), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());

        e = rejects("org.apache.kafka.common.security.plain.PlainLoginModule mandatory username=\"a\";");
        assertTrue(e.getMessage().contains("control flag") && e.getMessage().contains("'mandatory'"), e.getMessage());

        e = rejects("org.apache.kafka.common.security.plain.PlainLoginModule required username \"a\";");
        assertTrue(e.getMessage().contains("'=' after option username"), e.getMessage());

        e = rejects("org.apache.kafka.common.security.plain.PlainLoginModule required password=\"a\" password=\"b\";");
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void aClientTakesExactlyOneLoginModule() {
        assertTrue(rejects("").getMessage().contains("exactly one login module, found 0"));
        assertTrue(rejects("a.B required; c.D required;").getMessage().contains("found 2"));
    }

    @Test
    void toStringNamesTheOptionsButHidesTheirValues() {
        JaasConfig login = parse("x.PlainLoginModule required username=\"alice\" password=\"hunter2\";");
        assertFalse(login.toString().contains("hunter2"), login.toString());
        assertTrue(login.toString().contains("password"), login.toString());
    }
}
