package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclBinding;
import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.CreateAclsRequest;
import io.petrel.protocol.schemas.CreateAclsResponse;
import io.petrel.protocol.schemas.CreateAclsResponse.AclCreationResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls (v1-3): needs ALTER on the cluster. Each creation is answered on its own: invalid ones
 * (filter-only values, a CLUSTER resource not named {@code kafka-cluster}, a malformed principal) with
 * INVALID_REQUEST and Kafka's reason; the valid ones are stored together, before the answer. Without an
 * authorizer, SECURITY_DISABLED, as Kafka answers.
 */
public final class CreateAclsHandler implements RequestHandler {
    private final RequestAuthorizer access;

    public CreateAclsHandler(RequestAuthorizer access) {
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.CREATE_ACLS;
    }

    @Override
    public Versions versions() {
        return ApiKey.CREATE_ACLS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> create(context, request.get(CreateAclsRequest.CREATIONS)));
    }

    private Message create(RequestContext context, List<Message> creations) {
        if (!access.authorizer().enabled()) {
            return answer(creations.size(), ErrorCode.SECURITY_DISABLED, AclMessages.NO_AUTHORIZER);
        }
        if (!access.allowedOnCluster(context, AclOperation.ALTER)) {
            return answer(creations.size(), ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                    "Not authorized to alter ACLs: ALTER on the cluster is needed");
        }
        List<Message> results = new ArrayList<>();
        List<AclBinding> valid = new ArrayList<>();
        for (Message creation : creations) {
            AclBinding binding = AclMessages.binding(creation);
            String invalid = binding.invalidReason();
            if (invalid == null) {
                valid.add(binding);
            }
            results.add(result(invalid == null ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST, invalid));
        }
        try {
            access.authorizer().store().add(valid);
        } catch (IOException e) {
            return answer(creations.size(), ErrorCode.UNKNOWN_SERVER_ERROR, "Could not store the ACLs: " + e.getMessage());
        }
        return CreateAclsResponse.SCHEMA.newMessage().set(CreateAclsResponse.THROTTLE_TIME_MS, 0)
                .set(CreateAclsResponse.RESULTS, results);
    }

    private static Message answer(int count, ErrorCode error, String message) {
        List<Message> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(result(error, message));
        }
        return CreateAclsResponse.SCHEMA.newMessage().set(CreateAclsResponse.THROTTLE_TIME_MS, 0)
                .set(CreateAclsResponse.RESULTS, results);
    }

    private static Message result(ErrorCode error, String message) {
        return Message.of(AclCreationResult.SCHEMA).set(AclCreationResult.ERROR_CODE, error.code())
                .set(AclCreationResult.ERROR_MESSAGE, message);
    }
}
