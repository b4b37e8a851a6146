package io.petrel.broker.internal.security.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsecured JWS tokens as Kafka's unsecured login module writes them: {@code base64url(header).base64url(claims).} */
final class UnsecuredTokens {
    private UnsecuredTokens() {
    }

    static String token(String headerJson, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static String token(String subject, long expSeconds) {
        return token("{\"alg\":\"none\"}", "{\"sub\":\"" + subject + "\",\"exp\":" + expSeconds + ",\"iat\":1000}");
    }

    /** The client's initial OAUTHBEARER response carrying {@code token}. */
    static byte[] initialResponse(String token) {
        return ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }
}
