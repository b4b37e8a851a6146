package io.petrel.broker.internal.acl;

import io.petrel.broker.internal.security.KafkaPrincipal;
import io.petrel.broker.security.AuthorizerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.petrel.broker.internal.acl.AclOperation.ALL;
import static io.petrel.broker.internal.acl.AclOperation.ALTER;
import static io.petrel.broker.internal.acl.AclOperation.ALTER_CONFIGS;
import static io.petrel.broker.internal.acl.AclOperation.DELETE;
import static io.petrel.broker.internal.acl.AclOperation.DESCRIBE;
import static io.petrel.broker.internal.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.petrel.broker.internal.acl.AclOperation.READ;
import static io.petrel.broker.internal.acl.AclOperation.WRITE;
import static io.petrel.broker.internal.acl.AclPermission.ALLOW;
import static io.petrel.broker.internal.acl.AclPermission.DENY;
import static io.petrel.broker.internal.acl.PatternType.LITERAL;
import static io.petrel.broker.internal.acl.PatternType.PREFIXED;
import static io.petrel.broker.internal.acl.ResourceType.GROUP;
import static io.petrel.broker.internal.acl.ResourceType.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka's StandardAuthorizer rules, one by one, and ACLs surviving a restart of the store. */
class AuthorizerTest {
    private static final KafkaPrincipal ALICE = KafkaPrincipal.user("alice");
    private static final KafkaPrincipal BOB = KafkaPrincipal.user("bob");
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;

    private Authorizer authorizer(boolean allowEveryoneIfNoAclFound, AclBinding... acls) throws IOException {
        AclStore store = AclStore.open(dir);
        store.add(List.of(acls));
        return new Authorizer(new AuthorizerSettings(true, Set.of("User:admin"), allowEveryoneIfNoAclFound), store);
    }

    private static AclBinding acl(AclPermission permission, String principal, AclOperation op, PatternType pattern,
                                  String name) {
        return new AclBinding(TOPIC, name, pattern, principal, "*", op, permission);
    }

    @Test
    void prefixedAllowCoversTheNamesStartingWithIt() throws IOException {
        Authorizer a = authorizer(false, acl(ALLOW, "User:alice", WRITE, PREFIXED, "alice-"));
        assertTrue(a.authorize(ALICE, HOST, WRITE, TOPIC, "alice-orders"));
        assertFalse(a.authorize(ALICE, HOST, WRITE, TOPIC, "bob-orders"));
        assertFalse(a.authorize(ALICE, HOST, READ, TOPIC, "alice-orders"), "WRITE does not give READ");
        assertTrue(a.authorize(ALICE, HOST, DESCRIBE, TOPIC, "alice-orders"), "WRITE implies DESCRIBE");
        assertFalse(a.authorize(BOB, HOST, WRITE, TOPIC, "alice-orders"));
    }

    @Test
    void denyWinsOverAllowAndDoesNotImplyDescribe() throws IOException {
        Authorizer a = authorizer(false,
                acl(ALLOW, "User:*", ALL, LITERAL, "*"),
                acl(DENY, "User:alice", READ, LITERAL, "secret"));
        assertFalse(a.authorize(ALICE, HOST, READ, TOPIC, "secret"));
        assertTrue(a.authorize(ALICE, HOST, DESCRIBE, TOPIC, "secret"), "a DENY READ does not deny DESCRIBE");
        assertTrue(a.authorize(ALICE, HOST, READ, TOPIC, "public"));
        assertTrue(a.authorize(BOB, HOST, READ, TOPIC, "secret"), "User:* allows bob; the deny is alice's");
    }

    @Test
    void impliedOperations() throws IOException {
        for (AclOperation granted : List.of(READ, WRITE, DELETE, ALTER)) {
            assertTrue(DESCRIBE.allowedBy(granted), granted + " implies DESCRIBE");
        }
        assertTrue(DESCRIBE_CONFIGS.allowedBy(ALTER_CONFIGS));
        assertFalse(ALTER_CONFIGS.allowedBy(DESCRIBE_CONFIGS));
        assertFalse(DESCRIBE.deniedBy(READ));
        assertTrue(DESCRIBE.deniedBy(ALL));
    }

    @Test
    void hostsMustMatchUnlessTheAclSaysAny() throws IOException {
        Authorizer a = authorizer(false, new AclBinding(TOPIC, "t", LITERAL, "User:alice", "10.0.0.1", READ, ALLOW));
        assertTrue(a.authorize(ALICE, "10.0.0.1", READ, TOPIC, "t"));
        assertFalse(a.authorize(ALICE, HOST, READ, TOPIC, "t"));
    }

    @Test
    void superUsersMayDoAnything() throws IOException {
        Authorizer a = authorizer(false, acl(DENY, "User:*", ALL, LITERAL, "*"));
        assertTrue(a.authorize(KafkaPrincipal.user("admin"), HOST, DELETE, TOPIC, "anything"));
        assertFalse(a.authorize(ALICE, HOST, DESCRIBE, TOPIC, "anything"));
    }

    @Test
    void aResourceNoAclNamesIsClosedUnlessAllowEveryoneIfNoAclFound() throws IOException {
        AclBinding bobOnly = acl(ALLOW, "User:bob", READ, LITERAL, "bobs");
        assertFalse(authorizer(false, bobOnly).authorize(ALICE, HOST, READ, TOPIC, "free"));
        Authorizer open = authorizer(true, bobOnly);
        assertTrue(open.authorize(ALICE, HOST, READ, TOPIC, "free"), "no ACL names 'free'");
        assertFalse(open.authorize(ALICE, HOST, READ, TOPIC, "bobs"), "an ACL names 'bobs', for someone else");
        assertTrue(open.authorize(ALICE, HOST, READ, GROUP, "bobs"), "the ACL names the topic; the group of that name has none");
    }

    @Test
    void authorizeAnyNeedsAnAllowNoDenyCoversWhole() throws IOException {
        Authorizer prefixed = authorizer(false, acl(ALLOW, "User:alice", WRITE, PREFIXED, "alice-"));
        assertTrue(prefixed.authorizeAny(ALICE, HOST, WRITE, TOPIC));
        assertFalse(prefixed.authorizeAny(BOB, HOST, WRITE, TOPIC));

        Authorizer deniedPrefix = authorizer(false, acl(ALLOW, "User:alice", WRITE, PREFIXED, "alice-"),
                acl(DENY, "User:alice", WRITE, PREFIXED, "ali"));
        assertFalse(deniedPrefix.authorizeAny(ALICE, HOST, WRITE, TOPIC));
    }

    @Test
    void aclsAreValidatedAsKafkaValidatesThem() {
        assertEquals("The only valid name for the CLUSTER resource is kafka-cluster",
                new AclBinding(ResourceType.CLUSTER, "x", LITERAL, "User:a", "*", ALTER, ALLOW).invalidReason());
        assertTrue(new AclBinding(TOPIC, "t", LITERAL, "alice", "*", READ, ALLOW).invalidReason().contains("alice"));
        assertEquals("Invalid patternType MATCH",
                new AclBinding(TOPIC, "t", PatternType.MATCH, "User:a", "*", READ, ALLOW).invalidReason());
        assertEquals("Invalid operation ANY",
                new AclBinding(TOPIC, "t", LITERAL, "User:a", "*", AclOperation.ANY, ALLOW).invalidReason());
        assertEquals(null, new AclBinding(TOPIC, "t", PREFIXED, "User:a", "*", READ, DENY).invalidReason());
    }

    @Test
    void aclsSurviveARestartAndDeleteFiltersSelectAsKafkaDoes() throws IOException {
        AclStore store = AclStore.open(dir);
        AclBinding odd = new AclBinding(TOPIC, "with\ttab and 100%", PREFIXED, "User:CN=alice,O=Example", "*", READ, ALLOW);
        AclBinding other = acl(DENY, "User:bob", WRITE, LITERAL, "orders");
        store.add(List.of(odd, other, odd));
        assertEquals(List.of(odd, other), AclStore.open(dir).all(), "read back in order, once each");

        AclBindingFilter match = new AclBindingFilter(TOPIC, "with\ttab and 100%-more", PatternType.MATCH, null, null,
                AclOperation.ANY, AclPermission.ANY);
        List<List<AclBinding>> removed = store.remove(List.of(match));
        assertEquals(List.of(List.of(odd)), removed, "MATCH finds the prefix ACL covering the name");
        assertEquals(List.of(other), AclStore.open(dir).all());
    }

    @Test
    void aDamagedAclFileIsRefusedNamingTheLine() throws IOException {
        java.nio.file.Files.writeString(dir.resolve(AclStore.FILE_NAME), "# header\n2\tt\t3\n");
        IOException e = assertThrows(IOException.class, () -> AclStore.open(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
