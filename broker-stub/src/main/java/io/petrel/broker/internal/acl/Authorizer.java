package io.petrel.broker.internal.acl;

import io.petrel.broker.internal.security.KafkaPrincipal;
import io.petrel.broker.security.AuthorizerSettings;

import java.util.List;

/**
 * Decides whether a principal may do an operation on a resource, by the rules of Kafka's {@code StandardAuthorizer}:
 * <ol>
 *   <li>a super user may do everything;</li>
 *   <li>the ACLs that apply are those of the resource's type whose pattern covers its name (LITERAL name, LITERAL
 *       {@code *}, PREFIXED prefixes of the name) and whose principal ({@code User:*} matches any user) and host
 *       ({@code *} matches any) match the request;</li>
 *   <li>a DENY for the operation or ALL wins over any ALLOW;</li>
 *   <li>else an ALLOW for the operation, ALL, or an operation implying it (READ/WRITE/DELETE/ALTER imply DESCRIBE,
 *       ALTER_CONFIGS implies DESCRIBE_CONFIGS) allows it;</li>
 *   <li>else, when no ACL at all names the resource (whoever it is for), {@code allow.everyone.if.no.acl.found}
 *       decides; otherwise the answer is no.</li>
 * </ol>
 * With the authorizer off (no {@code authorizer.class.name}), everything is allowed, as in Kafka.
 */
public final class Authorizer {
    private final AuthorizerSettings settings;
    private final AclStore store;

    public Authorizer(AuthorizerSettings settings, AclStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** An authorizer that allows everything (no {@code authorizer.class.name}). */
    public static Authorizer allowAll() {
        return new Authorizer(AuthorizerSettings.disabled(), null);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The ACL store, for the ACL APIs; null when the authorizer is off. */
    public AclStore store() {
        return settings.enabled() ? store : null;
    }

    /** Whether {@code principal} connecting from {@code host} may do {@code operation} on {@code type} {@code name}. */
    public boolean authorize(KafkaPrincipal principal, String host, AclOperation operation, ResourceType type, String name) {
        if (!settings.enabled() || isSuperUser(principal)) {
            return true;
        }
        boolean resourceHasAcls = false;
        boolean allowed = false;
        for (AclBinding acl : store.all()) {
            if (acl.resourceType() != type || !acl.covers(name)) {
                continue;
            }
            resourceHasAcls = true;
            if (!principalMatches(acl, principal) || !hostMatches(acl, host)) {
                continue;
            }
            if (acl.permission() == AclPermission.DENY && operation.deniedBy(acl.operation())) {
                return false;
            }
            if (acl.permission() == AclPermission.ALLOW && operation.allowedBy(acl.operation())) {
                allowed = true;
            }
        }
        return allowed || !resourceHasAcls && settings.allowEveryoneIfNoAclFound();
    }

    /**
     * Whether {@code principal} may do {@code operation} on at least one resource of {@code type} (Kafka's
     * {@code authorizeByResourceType}, used where a request names no resource, e.g. an idempotent producer's
     * InitProducerId): some ALLOW for it must exist that no DENY for it covers whole (a DENY on {@code *}, or a
     * DENY prefix of the ALLOW's pattern).
     */
    public boolean authorizeAny(KafkaPrincipal principal, String host, AclOperation operation, ResourceType type) {
        if (!settings.enabled() || isSuperUser(principal)) {
            return true;
        }
        List<AclBinding> applicable = store.all().stream()
                .filter(acl -> acl.resourceType() == type && principalMatches(acl, principal) && hostMatches(acl, host))
                .toList();
        List<AclBinding> denies = applicable.stream()
                .filter(acl -> acl.permission() == AclPermission.DENY && operation.deniedBy(acl.operation())).toList();
        for (AclBinding allow : applicable) {
            if (allow.permission() == AclPermission.ALLOW && operation.allowedBy(allow.operation())
                    && denies.stream().noneMatch(deny -> denyCovers(deny, allow))) {
                return true;
            }
        }
        if (settings.allowEveryoneIfNoAclFound()) {
            return store.all().stream().noneMatch(acl -> acl.resourceType() == type);
        }
        return false;
    }

    private static boolean denyCovers(AclBinding deny, AclBinding allow) {
        if (deny.patternType() == PatternType.LITERAL && deny.resourceName().equals(AclBinding.WILDCARD)) {
            return true;
        }
        if (deny.patternType() == PatternType.PREFIXED) {
            return allow.resourceName().startsWith(deny.resourceName());
        }
        return allow.patternType() == PatternType.LITERAL && deny.resourceName().equals(allow.resourceName());
    }

    private boolean isSuperUser(KafkaPrincipal principal) {
        return settings.superUsers().contains(principal.toString());
    }

    private static boolean principalMatches(AclBinding acl, KafkaPrincipal principal) {
        return acl.principal().equals(principal.toString())
                || acl.principal().equals(principal.type() + ":" + AclBinding.WILDCARD);
    }

    private static boolean hostMatches(AclBinding acl, String host) {
        return acl.host().equals(AclBinding.WILDCARD) || acl.host().equals(host);
    }
}
