package io.petrel.broker.internal.acl;

/**
 * Selects ACLs, as DescribeAcls and DeleteAcls take them: ANY (or a null name, principal or host) matches every
 * value; pattern type MATCH selects the ACLs that apply to the named resource (its literal ACLs, the wildcard
 * {@code *} and every prefix of the name).
 *
 * @param resourceType a type, or ANY
 * @param resourceName a name, or null for any
 * @param patternType  LITERAL, PREFIXED, ANY or MATCH
 * @param principal    a principal, or null for any
 * @param host         a host, or null for any
 * @param operation    an operation, or ANY
 * @param permission   ALLOW, DENY or ANY
 */
public record AclBindingFilter(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                               String host, AclOperation operation, AclPermission permission) {

    /** Why the filter cannot select anything, as Kafka says it, or null. */
    public String invalidReason() {
        if (resourceType == ResourceType.UNKNOWN) {
            return "Invalid resourceType UNKNOWN";
        }
        if (patternType == PatternType.UNKNOWN) {
            return "Invalid patternType UNKNOWN";
        }
        if (operation == AclOperation.UNKNOWN) {
            return "Invalid operation UNKNOWN";
        }
        if (permission == AclPermission.UNKNOWN) {
            return "Invalid permissionType UNKNOWN";
        }
        return null;
    }

    public boolean matches(AclBinding acl) {
        return (resourceType == ResourceType.ANY || resourceType == acl.resourceType())
                && patternMatches(acl)
                && (principal == null || principal.equals(acl.principal()))
                && (host == null || host.equals(acl.host()))
                && (operation == AclOperation.ANY || operation == acl.operation())
                && (permission == AclPermission.ANY || permission == acl.permission());
    }

    private boolean patternMatches(AclBinding acl) {
        return switch (patternType) {
            case ANY -> resourceName == null || resourceName.equals(acl.resourceName());
            case MATCH -> resourceName == null || acl.covers(resourceName);
            default -> patternType == acl.patternType() && (resourceName == null || resourceName.equals(acl.resourceName()));
        };
    }
}
