/**
 * ACLs with the rules of Kafka's {@code StandardAuthorizer}: an {@code AclBinding} names a resource pattern
 * ({@code ResourceType}, name, {@code PatternType} LITERAL or PREFIXED, {@code *} for all), a principal, a host, an
 * {@code AclOperation} and an {@code AclPermission}; {@code AclBindingFilter} selects them for DescribeAcls and
 * DeleteAcls. {@code AclStore} keeps them in the data directory across restarts; {@code Authorizer} answers whether a
 * principal may do an operation (DENY wins, implied DESCRIBE, super users, {@code allow.everyone.if.no.acl.found}).
 */
package io.petrel.broker.internal.acl;
