package io.petrel.client.internal.network;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.SaslAuthenticateRequest;
import io.petrel.protocol.schemas.SaslAuthenticateResponse;
import io.petrel.protocol.schemas.SaslHandshakeRequest;
import io.petrel.protocol.schemas.SaslHandshakeResponse;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServer;
import org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker side of SASL for {@link FakeKafkaServer}, run by Kafka's own SaslServer implementations
 * (kafka-clients 4.3.1, test scope): PLAIN and SCRAM against one user and password, OAUTHBEARER with Kafka's
 * unsecured-JWS validator. Requests other than ApiVersions before authentication get the connection closed,
 * as a Kafka broker does; after it, Metadata is answered. Failures are answered as Kafka's
 * SaslServerAuthenticator answers them: SASL_AUTHENTICATION_FAILED with the SaslServer's message.
 */
final class SaslFakeBroker implements FakeKafkaServer.Responder {
    static final Map<ApiKey, Versions> ALL_APIS = new EnumMap<>(ApiKey.class);

    static {
        for (ApiKey api : ApiKey.values()) {
            ALL_APIS.put(api, api.versions());
        }
    }

    private final String user;
    private final String password;
    private final long sessionLifetimeMs;
    private final AtomicInteger handshakes;
    private final FakeKafkaServer[] server;
    private SaslServer sasl;
    private String mechanism;
    private boolean authenticated;

    /**
     * @param handshakes counts SaslHandshakes over all connections (re-authentication shows as more than one)
     * @param server     the server, once created, for Metadata answers
     */
    SaslFakeBroker(String user, String password, long sessionLifetimeMs, AtomicInteger handshakes,
                   FakeKafkaServer[] server) {
        this.user = user;
        this.password = password;
        this.sessionLifetimeMs = sessionLifetimeMs;
        this.handshakes = handshakes;
        this.server = server;
    }

    @Override
    public List<ByteBuffer> respond(RequestFrame request) {
        ApiKey api = request.api().orElseThrow();
        return switch (api) {
            case API_VERSIONS -> List.of(FakeKafkaServer.answerApiVersions(request, ALL_APIS));
            case SASL_HANDSHAKE -> List.of(handshake(request));
            case SASL_AUTHENTICATE -> List.of(authenticate(request));
            case METADATA -> authenticated ? List.of(server[0].answerMetadata(request, 1)) : null;
            default -> null;
        };
    }

    private ByteBuffer handshake(RequestFrame request) {
        handshakes.incrementAndGet();
        mechanism = request.decodeBody().get(SaslHandshakeRequest.MECHANISM);
        List<String> enabled = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
        ErrorCode error = ErrorCode.NONE;
        try {
            sasl = enabled.contains(mechanism) ? newServer(mechanism) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (sasl == null) {
            error = ErrorCode.UNSUPPORTED_SASL_MECHANISM;
        }
        return ResponseFrame.encode(ApiKey.SASL_HANDSHAKE, request.apiVersion(), request.correlationId(),
                SaslHandshakeResponse.SCHEMA.newMessage()
                        .set(SaslHandshakeResponse.ERROR_CODE, error.code())
                        .set(SaslHandshakeResponse.MECHANISMS, enabled));
    }

    private ByteBuffer authenticate(RequestFrame request) {
        byte[] bytes = request.decodeBody().get(SaslAuthenticateRequest.AUTH_BYTES);
        Message response = SaslAuthenticateResponse.SCHEMA.newMessage()
                .set(SaslAuthenticateResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(SaslAuthenticateResponse.ERROR_MESSAGE, null)
                .set(SaslAuthenticateResponse.AUTH_BYTES, new byte[0]);
        try {
            byte[] challenge = sasl.evaluateResponse(bytes);
            response.set(SaslAuthenticateResponse.AUTH_BYTES, challenge == null ? new byte[0] : challenge);
            if (sasl.isComplete()) {
                authenticated = true;
                response.set(SaslAuthenticateResponse.SESSION_LIFETIME_MS, sessionLifetimeMs);
            }
        } catch (org.apache.kafka.common.errors.SaslAuthenticationException e) {
            response.set(SaslAuthenticateResponse.ERROR_CODE, ErrorCode.SASL_AUTHENTICATION_FAILED.code())
                    .set(SaslAuthenticateResponse.ERROR_MESSAGE, e.getMessage());
        } catch (SaslException e) {
            response.set(SaslAuthenticateResponse.ERROR_CODE, ErrorCode.SASL_AUTHENTICATION_FAILED.code())
                    .set(SaslAuthenticateResponse.ERROR_MESSAGE, "Authentication failed during authentication due to "
                            + "invalid credentials with SASL mechanism " + mechanism);
        }
        return ResponseFrame.encode(ApiKey.SASL_AUTHENTICATE, request.apiVersion(), request.correlationId(), response);
    }

    private SaslServer newServer(String name) throws Exception {
        return switch (name) {
            case "PLAIN" -> new PlainSaslServer(callbacks -> {
                String given = null;
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        given = n.getDefaultName();
                    } else if (c instanceof PlainAuthenticateCallback p) {
                        p.authenticated(user.equals(given) && Arrays.equals(password.toCharArray(), p.password()));
                    }
                }
            });
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> {
                ScramMechanism scram = ScramMechanism.forMechanismName(name);
                ScramFormatter formatter = new ScramFormatter(scram);
                yield new ScramSaslServer(scram, Map.of(), callbacks -> {
                    String given = null;
                    for (Callback c : callbacks) {
                        if (c instanceof NameCallback n) {
                            given = n.getDefaultName();
                        } else if (c instanceof ScramCredentialCallback s && user.equals(given)) {
                            s.scramCredential(formatter.generateCredential(password, 4096));
                        }
                    }
                });
            }
            case "OAUTHBEARER" -> {
                OAuthBearerUnsecuredValidatorCallbackHandler validator = new OAuthBearerUnsecuredValidatorCallbackHandler();
                validator.configure(Map.of(), "OAUTHBEARER", List.of(new AppConfigurationEntry(
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())));
                yield new OAuthBearerSaslServer(validator);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }
}
