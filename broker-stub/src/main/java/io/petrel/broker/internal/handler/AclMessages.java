package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclBinding;
import io.petrel.broker.internal.acl.AclBindingFilter;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.acl.AclPermission;
import io.petrel.broker.internal.acl.PatternType;
import io.petrel.broker.internal.acl.ResourceType;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.CreateAclsRequest.AclCreation;
import io.petrel.protocol.schemas.DeleteAclsRequest.DeleteAclsFilter;
import io.petrel.protocol.schemas.DescribeAclsRequest;

/** ACL bindings and filters read from the three ACL APIs' request messages. */
final class AclMessages {
    /** What CreateAcls, DescribeAcls and DeleteAcls answer when the broker has no authorizer (Kafka's words). */
    static final String NO_AUTHORIZER = "No Authorizer is configured.";

    private AclMessages() {
    }

    static AclBinding binding(Message creation) {
        return new AclBinding(ResourceType.fromCode(creation.get(AclCreation.RESOURCE_TYPE)),
                creation.get(AclCreation.RESOURCE_NAME),
                PatternType.fromCode(creation.get(AclCreation.RESOURCE_PATTERN_TYPE)),
                creation.get(AclCreation.PRINCIPAL), creation.get(AclCreation.HOST),
                AclOperation.fromCode(creation.get(AclCreation.OPERATION)),
                AclPermission.fromCode(creation.get(AclCreation.PERMISSION_TYPE)));
    }

    static AclBindingFilter describeFilter(Message request) {
        return new AclBindingFilter(ResourceType.fromCode(request.get(DescribeAclsRequest.RESOURCE_TYPE_FILTER)),
                request.get(DescribeAclsRequest.RESOURCE_NAME_FILTER),
                PatternType.fromCode(request.get(DescribeAclsRequest.PATTERN_TYPE_FILTER)),
                request.get(DescribeAclsRequest.PRINCIPAL_FILTER), request.get(DescribeAclsRequest.HOST_FILTER),
                AclOperation.fromCode(request.get(DescribeAclsRequest.OPERATION)),
                AclPermission.fromCode(request.get(DescribeAclsRequest.PERMISSION_TYPE)));
    }

    static AclBindingFilter deleteFilter(Message filter) {
        return new AclBindingFilter(ResourceType.fromCode(filter.get(DeleteAclsFilter.RESOURCE_TYPE_FILTER)),
                filter.get(DeleteAclsFilter.RESOURCE_NAME_FILTER),
                PatternType.fromCode(filter.get(DeleteAclsFilter.PATTERN_TYPE_FILTER)),
                filter.get(DeleteAclsFilter.PRINCIPAL_FILTER), filter.get(DeleteAclsFilter.HOST_FILTER),
                AclOperation.fromCode(filter.get(DeleteAclsFilter.OPERATION)),
                AclPermission.fromCode(filter.get(DeleteAclsFilter.PERMISSION_TYPE)));
    }
}
