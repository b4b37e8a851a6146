package io.petrel.client.internal.security.sasl;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SecurityConfigs;
import io.petrel.client.internal.security.oauth.OAuthLogin;
import io.petrel.protocol.sasl.JaasConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SASL settings of a client: the mechanism, and the credentials its login module gives in
 * sasl.jaas.config (username and password for PLAIN and SCRAM) or the {@link OAuthLogin} for
 * OAUTHBEARER. The login module must be the one Kafka uses for the mechanism. The record's
 * {@code toString()} hides the password.
 *
 * @param mechanism       the mechanism
 * @param username        PLAIN and SCRAM: the user
 * @param password        PLAIN and SCRAM: the password
 * @param scramExtensions SCRAM: extensions sent in client-first (tokenauth=true for delegation tokens)
 * @param oauth           OAUTHBEARER: where tokens come from
 */
public record SaslSettings(SaslMechanism mechanism, String username, Password password,
                           Map<String, String> scramExtensions, OAuthLogin oauth) {
    private static final String JVM_JAAS_FILE = "java.security.auth.login.config";
    private static final Pattern KAFKA_CLIENT_SECTION = Pattern.compile("(?s)\\bKafkaClient\\s*\\{(.*?)\\}\\s*;");

    /**
     * Reads sasl.mechanism and sasl.jaas.config (or, without it, the JVM's JAAS file, as Kafka does).
     *
     * @throws ConfigException naming the key and what is missing or wrong, never a secret
     */
    public static SaslSettings from(ConfigValues values) {
        String jaasKey = SecurityConfigs.SASL_JAAS_CONFIG.name();
        SaslMechanism mechanism = SaslMechanism.forName(SecurityConfigs.SASL_MECHANISM.name(),
                values.get(SecurityConfigs.SASL_MECHANISM));
        Password jaas = values.get(SecurityConfigs.SASL_JAAS_CONFIG);
        JaasConfig login = jaas != null ? parseJaas(jaasKey, jaas) : jvmJaasFileEntry().orElse(null);
        if (login != null && !login.moduleSimpleName().equals(mechanism.loginModule())) {
            throw new ConfigException("Invalid value for configuration " + jaasKey + ": sasl.mechanism " + mechanism
                    + " is configured by Kafka's " + mechanism.loginModule() + ", but the login module is "
                    + login.loginModule());
        }
        if (mechanism == SaslMechanism.OAUTHBEARER) {
            return new SaslSettings(mechanism, null, null, Map.of(), OAuthLogin.from(values, login));
        }
        if (login == null) {
            throw new ConfigException("sasl.mechanism " + mechanism + " needs " + jaasKey + " (or a KafkaClient section in"
                    + " the JVM's JAAS file, -D" + JVM_JAAS_FILE + "), e.g. "
                    + "org.apache.kafka.common.security." + (mechanism == SaslMechanism.PLAIN ? "plain" : "scram") + "."
                    + mechanism.loginModule() + " required username=\"alice\" password=\"...\";");
        }
        String username = login.option("username").orElseThrow(() -> missing(jaasKey, mechanism, "username"));
        String password = login.option("password").orElseThrow(() -> missing(jaasKey, mechanism, "password"));
        Map<String, String> extensions = mechanism == SaslMechanism.PLAIN ? Map.of()
                : login.option("tokenauth").map(v -> Map.of("tokenauth", v)).orElse(Map.of());
        return new SaslSettings(mechanism, username, new Password(password), extensions, null);
    }

    /**
     * Without sasl.jaas.config, Kafka's clients read the {@code KafkaClient} section of the JVM's JAAS file
     * ({@code -Djava.security.auth.login.config=/path/kafka_client_jaas.conf}); so does Petrel.
     */
    private static Optional<JaasConfig> jvmJaasFileEntry() {
        String file = System.getProperty(JVM_JAAS_FILE);
        if (file == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException("Could not read the JAAS file " + file + " (" + JVM_JAAS_FILE + "): " + e);
        }
        Matcher section = KAFKA_CLIENT_SECTION.matcher(text);
        if (!section.find()) {
            return Optional.empty();
        }
        return Optional.of(parseJaas("the KafkaClient section of " + file, new Password(section.group(1))));
    }

    private static JaasConfig parseJaas(String key, Password jaas) {
        try {
            return JaasConfig.parse(key, jaas.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static ConfigException missing(String key, SaslMechanism mechanism, String option) {
        return new ConfigException("Invalid value for configuration " + key + ": " + mechanism + " needs the option "
                + option + "=\"...\" in the " + mechanism.loginModule() + " entry");
    }
}
