package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.security.sasl.ScramCredentialStore;
import io.petrel.broker.internal.security.sasl.ScramMechanismTypes;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.AlterUserScramCredentialsRequest;
import io.petrel.protocol.schemas.AlterUserScramCredentialsRequest.ScramCredentialDeletion;
import io.petrel.protocol.schemas.AlterUserScramCredentialsRequest.ScramCredentialUpsertion;
import io.petrel.protocol.schemas.AlterUserScramCredentialsResponse;
import io.petrel.protocol.schemas.AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers AlterUserScramCredentials (v0), what Admin.alterUserScramCredentials sends: upserts a user's credential
 * for one SCRAM mechanism from the salt, iterations and salted password the client computed, or deletes it. One
 * result per user, with Kafka's errors (checked against Kafka 4.3.1): deletions are looked at first, then upsertions,
 * and a user's first error sticks; a user with a valid alteration altered again in the same request is
 * DUPLICATE_RESOURCE and none of its alterations apply; an empty name or an iteration count outside 4096..16384
 * UNACCEPTABLE_CREDENTIAL; an unknown mechanism UNSUPPORTED_SASL_MECHANISM; deleting a credential that does not
 * exist RESOURCE_NOT_FOUND. The request needs ALTER on the cluster, else every user gets
 * CLUSTER_AUTHORIZATION_FAILED. Valid alterations are stored together, then count from the next SCRAM login.
 */
public final class AlterUserScramCredentialsHandler implements RequestHandler {
    private final ScramCredentialStore credentials;
    private final RequestAuthorizer access;

    public AlterUserScramCredentialsHandler(ScramCredentialStore credentials, RequestAuthorizer access) {
        this.credentials = credentials;
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public Versions versions() {
        return ApiKey.ALTER_USER_SCRAM_CREDENTIALS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> alter(context, request));
    }

    /** One alteration: a deletion or an upsertion message. */
    private record Alteration(Message message, boolean deletion) {
        String user() {
            return deletion ? message.get(ScramCredentialDeletion.NAME) : message.get(ScramCredentialUpsertion.NAME);
        }
    }

    private Message alter(RequestContext context, Message request) {
        // Kafka's order: deletions, then upsertions; a user's first error sticks, and a second alteration of a user
        // whose first one was valid makes that user DUPLICATE_RESOURCE, dropping both.
        List<Alteration> alterations = new ArrayList<>();
        request.get(AlterUserScramCredentialsRequest.DELETIONS).forEach(d -> alterations.add(new Alteration(d, true)));
        request.get(AlterUserScramCredentialsRequest.UPSERTIONS).forEach(u -> alterations.add(new Alteration(u, false)));
        boolean authorized = access.allowedOnCluster(context, AclOperation.ALTER);
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, ScramCredentialStore.Change> valid = new LinkedHashMap<>();
        for (Alteration alteration : alterations) {
            String user = alteration.user();
            if (!authorized) {
                outcomes.put(user, new Outcome(ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                        "Not authorized to alter SCRAM credentials: ALTER on the cluster is needed"));
            } else if (outcomes.containsKey(user) && outcomes.get(user).error() != ErrorCode.NONE) {
                continue;
            } else if (valid.containsKey(user)) {
                valid.remove(user);
                outcomes.put(user, new Outcome(ErrorCode.DUPLICATE_RESOURCE,
                        "A user credential cannot be altered twice in the same request"));
            } else {
                outcomes.put(user, validate(user, alteration, valid));
            }
        }
        if (!valid.isEmpty()) {
            try {
                credentials.apply(List.copyOf(valid.values()));
            } catch (IOException e) {
                Outcome failed = new Outcome(ErrorCode.UNKNOWN_SERVER_ERROR,
                        "Could not store the SCRAM credentials: " + e.getMessage());
                valid.keySet().forEach(user -> outcomes.put(user, failed));
            }
        }
        List<Message> results = new ArrayList<>();
        outcomes.forEach((user, outcome) -> results.add(Message.of(AlterUserScramCredentialsResult.SCHEMA)
                .set(AlterUserScramCredentialsResult.USER, user)
                .set(AlterUserScramCredentialsResult.ERROR_CODE, outcome.error().code())
                .set(AlterUserScramCredentialsResult.ERROR_MESSAGE, outcome.message())));
        return AlterUserScramCredentialsResponse.SCHEMA.newMessage()
                .set(AlterUserScramCredentialsResponse.THROTTLE_TIME_MS, 0)
                .set(AlterUserScramCredentialsResponse.RESULTS, results);
    }

    private record Outcome(ErrorCode error, String message) {
        static final Outcome NONE = new Outcome(ErrorCode.NONE, null);
    }

    /** The outcome of one user's alteration; a valid one is put in {@code valid}. */
    private Outcome validate(String user, Alteration alteration, Map<String, ScramCredentialStore.Change> valid) {
        Message m = alteration.message();
        if (user.isEmpty()) {
            return new Outcome(ErrorCode.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        SaslMechanism mechanism = ScramMechanismTypes.fromType(alteration.deletion()
                ? m.get(ScramCredentialDeletion.MECHANISM) : m.get(ScramCredentialUpsertion.MECHANISM));
        if (mechanism == null) {
            return new Outcome(ErrorCode.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        if (alteration.deletion()) {
            if (credentials.credential(user, mechanism) == null) {
                return new Outcome(ErrorCode.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            }
            valid.put(user, new ScramCredentialStore.Change(user, mechanism, null));
            return Outcome.NONE;
        }
        int iterations = m.get(ScramCredentialUpsertion.ITERATIONS);
        if (iterations < ScramMechanismTypes.MIN_ITERATIONS) {
            return new Outcome(ErrorCode.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
        }
        if (iterations > ScramMechanismTypes.MAX_ITERATIONS) {
            return new Outcome(ErrorCode.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
        }
        byte[] salt = m.get(ScramCredentialUpsertion.SALT);
        byte[] saltedPassword = m.get(ScramCredentialUpsertion.SALTED_PASSWORD);
        if (salt.length == 0 || saltedPassword.length == 0) {
            return new Outcome(ErrorCode.UNACCEPTABLE_CREDENTIAL, "Salt and salted password must not be empty");
        }
        valid.put(user, new ScramCredentialStore.Change(user, mechanism,
                ScramMechanismTypes.credential(mechanism, salt, iterations, saltedPassword)));
        return Outcome.NONE;
    }
}
