package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclBinding;
import io.petrel.broker.internal.acl.AclBindingFilter;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeAclsResponse;
import io.petrel.protocol.schemas.DescribeAclsResponse.AclDescription;
import io.petrel.protocol.schemas.DescribeAclsResponse.DescribeAclsResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls (v1-3): needs DESCRIBE on the cluster; answers the ACLs the filter matches, grouped by resource
 * pattern (type, name, pattern type) as Kafka groups them. Without an authorizer, SECURITY_DISABLED.
 */
public final class DescribeAclsHandler implements RequestHandler {
    private final RequestAuthorizer access;

    public DescribeAclsHandler(RequestAuthorizer access) {
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_ACLS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_ACLS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, AclMessages.describeFilter(request)));
    }

    private Message describe(RequestContext context, AclBindingFilter filter) {
        if (!access.authorizer().enabled()) {
            return error(ErrorCode.SECURITY_DISABLED, AclMessages.NO_AUTHORIZER);
        }
        if (!access.allowedOnCluster(context, AclOperation.DESCRIBE)) {
            return error(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, "Not authorized to describe ACLs: DESCRIBE on the cluster is needed");
        }
        String invalid = filter.invalidReason();
        if (invalid != null) {
            return error(ErrorCode.INVALID_REQUEST, invalid);
        }
        Map<List<Object>, List<AclBinding>> byResource = new LinkedHashMap<>();
        for (AclBinding acl : access.authorizer().store().all()) {
            if (filter.matches(acl)) {
                byResource.computeIfAbsent(List.of(acl.resourceType(), acl.resourceName(), acl.patternType()),
                        k -> new ArrayList<>()).add(acl);
            }
        }
        List<Message> resources = new ArrayList<>();
        for (List<AclBinding> acls : byResource.values()) {
            AclBinding first = acls.get(0);
            List<Message> descriptions = new ArrayList<>();
            for (AclBinding acl : acls) {
                descriptions.add(Message.of(AclDescription.SCHEMA)
                        .set(AclDescription.PRINCIPAL, acl.principal())
                        .set(AclDescription.HOST, acl.host())
                        .set(AclDescription.OPERATION, acl.operation().code())
                        .set(AclDescription.PERMISSION_TYPE, acl.permission().code()));
            }
            resources.add(Message.of(DescribeAclsResource.SCHEMA)
                    .set(DescribeAclsResource.RESOURCE_TYPE, first.resourceType().code())
                    .set(DescribeAclsResource.RESOURCE_NAME, first.resourceName())
                    .set(DescribeAclsResource.PATTERN_TYPE, first.patternType().code())
                    .set(DescribeAclsResource.ACLS, descriptions));
        }
        return DescribeAclsResponse.SCHEMA.newMessage().set(DescribeAclsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeAclsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeAclsResponse.RESOURCES, resources);
    }

    private static Message error(ErrorCode error, String message) {
        return DescribeAclsResponse.SCHEMA.newMessage().set(DescribeAclsResponse.THROTTLE_TIME_MS, 0)
                .set(DescribeAclsResponse.ERROR_CODE, error.code())
                .set(DescribeAclsResponse.ERROR_MESSAGE, message)
                .set(DescribeAclsResponse.RESOURCES, new ArrayList<>());
    }
}
