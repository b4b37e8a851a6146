package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;
import io.petrel.broker.security.ScramCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configured users overlaid with run-time changes, and the file that keeps those changes. */
class ScramCredentialStoreTest {
    private static final Map<String, SaslUser> CONFIGURED = Map.of("alice", SaslUser.withPassword("alice", "alice-secret"));

    @TempDir
    Path dataDir;

    @Test
    void upsertsAndDeletionsOfConfiguredUsersAreKeptInTheDataDirectory() throws IOException {
        ScramCredential dave = ScramCredential.derive(SaslMechanism.SCRAM_SHA_512, "dave-secret", 4096);
        ScramCredentialStore store = ScramCredentialStore.open(dataDir, CONFIGURED);
        store.apply(List.of(new ScramCredentialStore.Change("dave", SaslMechanism.SCRAM_SHA_512, dave),
                new ScramCredentialStore.Change("alice", SaslMechanism.SCRAM_SHA_256, null)));

        ScramCredentialStore reopened = ScramCredentialStore.open(dataDir, CONFIGURED);
        assertEquals(dave, reopened.credential("dave", SaslMechanism.SCRAM_SHA_512));
        assertNull(reopened.credential("dave", SaslMechanism.SCRAM_SHA_256));
        assertNull(reopened.credential("alice", SaslMechanism.SCRAM_SHA_256), "the deletion outlives the config");
        assertEquals(Set.of(SaslMechanism.SCRAM_SHA_512), reopened.all().get("alice").keySet());
        String text = Files.readString(dataDir.resolve(ScramCredentialStore.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(!text.contains("dave-secret") && !text.contains("alice-secret"), text);
    }

    @Test
    void aUserLeftWithNoCredentialIsNotListed() throws IOException {
        ScramCredentialStore store = ScramCredentialStore.inMemory(CONFIGURED);
        store.apply(List.of(new ScramCredentialStore.Change("alice", SaslMechanism.SCRAM_SHA_256, null),
                new ScramCredentialStore.Change("alice", SaslMechanism.SCRAM_SHA_512, null)));
        assertEquals(Map.of(), store.all());
    }

    @Test
    void aDamagedFileIsRefusedNamingTheLine() throws IOException {
        Files.writeString(dataDir.resolve(ScramCredentialStore.FILE_NAME), "# header\ndave\tPLAIN\tdeleted\n");
        IOException e = assertThrows(IOException.class, () -> ScramCredentialStore.open(dataDir, CONFIGURED));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("PLAIN is not a SCRAM mechanism"),
                e.getMessage());
    }
}
