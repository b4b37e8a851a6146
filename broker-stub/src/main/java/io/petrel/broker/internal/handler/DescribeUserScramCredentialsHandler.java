package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.security.sasl.ScramCredentialStore;
import io.petrel.broker.internal.security.sasl.ScramMechanismTypes;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.ScramCredential;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeUserScramCredentialsRequest;
import io.petrel.protocol.schemas.DescribeUserScramCredentialsResponse;
import io.petrel.protocol.schemas.DescribeUserScramCredentialsResponse.CredentialInfo;
import io.petrel.protocol.schemas.DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeUserScramCredentials (v0), what Admin.describeUserScramCredentials shows: each user's SCRAM
 * mechanisms and iteration counts, never a salt or key. As Kafka: no users (null or empty) means every user with a
 * credential; a named user without one is RESOURCE_NOT_FOUND, a user named twice DUPLICATE_RESOURCE (each time);
 * the request needs DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED for the whole response.
 */
public final class DescribeUserScramCredentialsHandler implements RequestHandler {
    private final ScramCredentialStore credentials;
    private final RequestAuthorizer access;

    public DescribeUserScramCredentialsHandler(ScramCredentialStore credentials, RequestAuthorizer access) {
        this.credentials = credentials;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request.get(DescribeUserScramCredentialsRequest.USERS)));
    }

    private Message describe(RequestContext context, List<Message> users) {
        Message response = DescribeUserScramCredentialsResponse.SCHEMA.newMessage()
                .set(DescribeUserScramCredentialsResponse.THROTTLE_TIME_MS, 0);
        if (!access.allowedOnCluster(context, AclOperation.DESCRIBE)) {
            return response.set(DescribeUserScramCredentialsResponse.ERROR_CODE, ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code())
                    .set(DescribeUserScramCredentialsResponse.ERROR_MESSAGE,
                            "Not authorized to describe SCRAM credentials: DESCRIBE on the cluster is needed")
                    .set(DescribeUserScramCredentialsResponse.RESULTS, new ArrayList<>());
        }
        Map<String, Map<SaslMechanism, ScramCredential>> all = credentials.all();
        List<Message> results = new ArrayList<>();
        if (users == null || users.isEmpty()) {
            all.forEach((user, byMechanism) -> results.add(found(user, byMechanism)));
        } else {
            Set<String> duplicates = duplicates(users);
            for (Message u : users) {
                String user = u.get(DescribeUserScramCredentialsRequest.UserName.NAME);
                Map<SaslMechanism, ScramCredential> byMechanism = all.get(user);
                if (duplicates.contains(user)) {
                    results.add(failed(user, ErrorCode.DUPLICATE_RESOURCE,
                            "Cannot describe SCRAM credentials for the same user twice in a single request: " + user));
                } else if (byMechanism == null) {
                    results.add(failed(user, ErrorCode.RESOURCE_NOT_FOUND,
                            "Attempt to describe a user credential that does not exist: " + user));
                } else {
                    results.add(found(user, byMechanism));
                }
            }
        }
        return response.set(DescribeUserScramCredentialsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeUserScramCredentialsResponse.RESULTS, results);
    }

    private static Set<String> duplicates(List<Message> users) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (Message u : users) {
            String user = u.get(DescribeUserScramCredentialsRequest.UserName.NAME);
            if (!seen.add(user)) {
                duplicates.add(user);
            }
        }
        return duplicates;
    }

    private static Message found(String user, Map<SaslMechanism, ScramCredential> byMechanism) {
        List<Message> infos = new ArrayList<>();
        byMechanism.forEach((mechanism, credential) -> infos.add(Message.of(CredentialInfo.SCHEMA)
                .set(CredentialInfo.MECHANISM, ScramMechanismTypes.type(mechanism))
                .set(CredentialInfo.ITERATIONS, credential.iterations())));
        return Message.of(DescribeUserScramCredentialsResult.SCHEMA)
                .set(DescribeUserScramCredentialsResult.USER, user)
                .set(DescribeUserScramCredentialsResult.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeUserScramCredentialsResult.CREDENTIAL_INFOS, infos);
    }

    private static Message failed(String user, ErrorCode error, String message) {
        return Message.of(DescribeUserScramCredentialsResult.SCHEMA)
                .set(DescribeUserScramCredentialsResult.USER, user)
                .set(DescribeUserScramCredentialsResult.ERROR_CODE, error.code())
                .set(DescribeUserScramCredentialsResult.ERROR_MESSAGE, message)
                .set(DescribeUserScramCredentialsResult.CREDENTIAL_INFOS, new ArrayList<>());
    }
}
