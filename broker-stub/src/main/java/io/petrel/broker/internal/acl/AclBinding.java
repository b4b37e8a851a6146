package io.petrel.broker.internal.acl;

import io.petrel.broker.internal.security.KafkaPrincipal;

import java.util.Objects;

/**
 * One ACL: {@code principal} from {@code host} is {@code permission}ed to do {@code operation} on the resources of
 * {@code resourceType} that {@code resourceName} names under {@code patternType}.
 *
 * @param resourceType  TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID...
 * @param resourceName  the name, a prefix (PREFIXED), or {@code *} (every resource of the type, LITERAL only)
 * @param patternType   LITERAL or PREFIXED
 * @param principal     {@code User:alice}, or {@code User:*} for every user
 * @param host          the client's IP address, or {@code *} for any
 * @param operation     the operation, or ALL
 * @param permission    ALLOW or DENY
 */
public record AclBinding(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                         String host, AclOperation operation, AclPermission permission) {
    public static final String WILDCARD = "*";

    public AclBinding {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /**
     * Why this binding cannot be stored, as Kafka's broker words it, or null when it can: the filter-only values
     * (ANY, MATCH, UNKNOWN), an empty name, a CLUSTER resource not named {@code kafka-cluster}, a principal not of
     * the form {@code Type:name}.
     */
    public String invalidReason() {
        if (resourceType == ResourceType.ANY || resourceType == ResourceType.UNKNOWN) {
            return "Invalid resourceType " + resourceType;
        }
        if (patternType != PatternType.LITERAL && patternType != PatternType.PREFIXED) {
            return "Invalid patternType " + patternType;
        }
        if (operation == AclOperation.ANY || operation == AclOperation.UNKNOWN) {
            return "Invalid operation " + operation;
        }
        if (permission != AclPermission.ALLOW && permission != AclPermission.DENY) {
            return "Invalid permissionType " + permission;
        }
        if (resourceName.isEmpty()) {
            return "Resource name should not be empty";
        }
        if (resourceType == ResourceType.CLUSTER && !resourceName.equals(ResourceType.CLUSTER_NAME)) {
            return "The only valid name for the CLUSTER resource is " + ResourceType.CLUSTER_NAME;
        }
        try {
            KafkaPrincipal.parse(principal);
        } catch (IllegalArgumentException e) {
            return "Could not parse principal from `" + principal + "` (no colon is present separating the principal type from the principal name)";
        }
        if (host.isEmpty()) {
            return "Invalid host: an ACL's host is an IP address or *";
        }
        return null;
    }

    /** Whether this ACL's resource pattern covers the resource {@code name} of its type. */
    public boolean covers(String name) {
        return switch (patternType) {
            case LITERAL -> resourceName.equals(WILDCARD) || resourceName.equals(name);
            case PREFIXED -> name.startsWith(resourceName);
            default -> false;
        };
    }
}
