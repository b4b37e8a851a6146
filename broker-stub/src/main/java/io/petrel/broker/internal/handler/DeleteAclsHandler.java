package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclBinding;
import io.petrel.broker.internal.acl.AclBindingFilter;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DeleteAclsRequest;
import io.petrel.protocol.schemas.DeleteAclsResponse;
import io.petrel.protocol.schemas.DeleteAclsResponse.DeleteAclsFilterResult;
import io.petrel.protocol.schemas.DeleteAclsResponse.DeleteAclsMatchingAcl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteAcls (v1-3): needs ALTER on the cluster; removes the ACLs each filter matches and lists them under that
 * filter. An invalid filter gets INVALID_REQUEST and removes nothing. Without an authorizer, SECURITY_DISABLED.
 */
public final class DeleteAclsHandler implements RequestHandler {
    private final RequestAuthorizer access;

    public DeleteAclsHandler(RequestAuthorizer access) {
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DELETE_ACLS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DELETE_ACLS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> delete(context, request.get(DeleteAclsRequest.FILTERS)));
    }

    private Message delete(RequestContext context, List<Message> filterMessages) {
        if (!access.authorizer().enabled()) {
            return answer(filterMessages.size(), ErrorCode.SECURITY_DISABLED, AclMessages.NO_AUTHORIZER);
        }
        if (!access.allowedOnCluster(context, AclOperation.ALTER)) {
            return answer(filterMessages.size(), ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                    "Not authorized to delete ACLs: ALTER on the cluster is needed");
        }
        List<AclBindingFilter> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Message m : filterMessages) {
            AclBindingFilter filter = AclMessages.deleteFilter(m);
            String reason = filter.invalidReason();
            invalid.add(reason);
            if (reason == null) {
                valid.add(filter);
            }
        }
        List<List<AclBinding>> removed;
        try {
            removed = access.authorizer().store().remove(valid);
        } catch (IOException e) {
            return answer(filterMessages.size(), ErrorCode.UNKNOWN_SERVER_ERROR, "Could not store the ACLs: " + e.getMessage());
        }
        List<Message> results = new ArrayList<>();
        int next = 0;
        for (String reason : invalid) {
            if (reason != null) {
                results.add(result(ErrorCode.INVALID_REQUEST, reason, List.of()));
            } else {
                results.add(result(ErrorCode.NONE, null, removed.get(next++)));
            }
        }
        return DeleteAclsResponse.SCHEMA.newMessage().set(DeleteAclsResponse.THROTTLE_TIME_MS, 0)
                .set(DeleteAclsResponse.FILTER_RESULTS, results);
    }

    private static Message answer(int count, ErrorCode error, String message) {
        List<Message> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(result(error, message, List.of()));
        }
        return DeleteAclsResponse.SCHEMA.newMessage().set(DeleteAclsResponse.THROTTLE_TIME_MS, 0)
                .set(DeleteAclsResponse.FILTER_RESULTS, results);
    }

    private static Message result(ErrorCode error, String message, List<AclBinding> matched) {
        List<Message> acls = new ArrayList<>();
        for (AclBinding acl : matched) {
            acls.add(Message.of(DeleteAclsMatchingAcl.SCHEMA)
                    .set(DeleteAclsMatchingAcl.ERROR_CODE, ErrorCode.NONE.code())
                    .set(DeleteAclsMatchingAcl.RESOURCE_TYPE, acl.resourceType().code())
                    .set(DeleteAclsMatchingAcl.RESOURCE_NAME, acl.resourceName())
                    .set(DeleteAclsMatchingAcl.PATTERN_TYPE, acl.patternType().code())
                    .set(DeleteAclsMatchingAcl.PRINCIPAL, acl.principal())
                    .set(DeleteAclsMatchingAcl.HOST, acl.host())
                    .set(DeleteAclsMatchingAcl.OPERATION, acl.operation().code())
                    .set(DeleteAclsMatchingAcl.PERMISSION_TYPE, acl.permission().code()));
        }
        return Message.of(DeleteAclsFilterResult.SCHEMA).set(DeleteAclsFilterResult.ERROR_CODE, error.code())
                .set(DeleteAclsFilterResult.ERROR_MESSAGE, message)
                .set(DeleteAclsFilterResult.MATCHING_ACLS, acls);
    }
}
