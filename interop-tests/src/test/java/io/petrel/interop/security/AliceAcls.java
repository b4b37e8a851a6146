package io.petrel.interop.security;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The ACLs that let {@link User#ALICE} use only what starts with {@value #PREFIX}: write, read, create and describe
 * PREFIXED {@code alice-} topics, read (join, commit) PREFIXED {@code alice-} groups; for her SASL principal and her
 * certificate's ({@code User:CN=alice}). Created through kafka-clients'
 * Admin, as a super user, the same on both brokers; creating them twice changes nothing.
 */
public final class AliceAcls {
    /** The prefix of every topic and group alice may use. */
    public static final String PREFIX = "alice-";

    private AliceAcls() {
    }

    /** The bindings {@link #grant} creates. */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, PREFIX, PatternType.PREFIXED);
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.CREATE,
                AclOperation.DESCRIBE)) {
            allowAlice(operation).forEach(entry -> bindings.add(new AclBinding(topics, entry)));
        }
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, PREFIX, PatternType.PREFIXED);
        allowAlice(AclOperation.READ).forEach(entry -> bindings.add(new AclBinding(groups, entry)));
        return bindings;
    }

    /**
     * Creates the bindings on the broker {@code superUserConfig} reaches and waits until the broker describes them
     * all: Apache Kafka's authorizer applies new ACLs from the metadata log, a moment after CreateAcls returns.
     */
    public static void grant(Map<String, String> superUserConfig) throws Exception {
        try (Admin admin = Admin.create(Map.copyOf(superUserConfig))) {
            admin.createAcls(bindings()).all().get(30, TimeUnit.SECONDS);
            Set<AclBinding> described = new HashSet<>();
            Await.until(Duration.ofSeconds(15), () -> "alice's ACLs to be described, have " + described, () -> {
                try {
                    described.clear();
                    described.addAll(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException("DescribeAcls failed", e);
                }
                return described.containsAll(bindings());
            });
        }
    }

    private static List<AccessControlEntry> allowAlice(AclOperation operation) {
        return List.of(new AccessControlEntry(User.ALICE.kafkaPrincipal(), "*", operation, AclPermissionType.ALLOW),
                new AccessControlEntry(User.ALICE.certificatePrincipal(), "*", operation, AclPermissionType.ALLOW));
    }
}
