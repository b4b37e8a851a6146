package io.petrel.broker.security;

import io.petrel.broker.BrokerConfig;
import io.petrel.protocol.sasl.JaasConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the listener and security keys of a Kafka {@code server.properties} into a {@link BrokerConfig.Builder}, so a
 * real Kafka broker's file configures broker-stub the same way:
 * <ul>
 *   <li>{@code listeners}, {@code advertised.listeners}, {@code listener.security.protocol.map} (listeners named in
 *       {@code controller.listener.names} are skipped: a single broker-stub node has no controller listener);</li>
 *   <li>{@code ssl.*} and per listener {@code listener.name.<l>.ssl.*} (overriding key by key, as in Kafka);</li>
 *   <li>{@code sasl.enabled.mechanisms} and {@code listener.name.<l>.sasl.enabled.mechanisms};</li>
 *   <li>users from {@code listener.name.<l>.plain.sasl.jaas.config}'s {@code user_<name>="<password>"} options, who can
 *       then use PLAIN and both SCRAM mechanisms (Kafka keeps SCRAM users elsewhere; broker-stub has no such store,
 *       and users are broker-wide rather than per listener);</li>
 *   <li>the unsecured OAUTHBEARER validator's options ({@code unsecuredValidatorPrincipalClaimName},
 *       {@code ...ScopeClaimName}, {@code ...RequiredScope}, {@code ...AllowableClockSkewMs}) from
 *       {@code listener.name.<l>.oauthbearer.sasl.jaas.config};</li>
 *   <li>{@code connections.max.reauth.ms}, {@code authorizer.class.name} (Kafka's StandardAuthorizer, or the older
 *       AclAuthorizer name, turns ACLs on), {@code super.users}, {@code allow.everyone.if.no.acl.found};</li>
 *   <li>{@code ssl.principal.mapping.rules} only as {@code DEFAULT}; inter-broker settings are accepted and mean
 *       nothing on one node.</li>
 * </ul>
 */
public final class KafkaSecurityProperties {
    private static final Pattern LISTENER = Pattern.compile("(?<name>[A-Za-z0-9_]+)://(?<host>\\[[^]]*]|[^:]*):(?<port>\\d+)");
    private static final Pattern LISTENER_KEY = Pattern.compile("listener\\.name\\.(?<listener>[a-z0-9_]+)\\.(?<rest>.+)");
    private static final Set<String> AUTHORIZERS = Set.of(AuthorizerSettings.STANDARD_AUTHORIZER,
            "kafka.security.authorizer.AclAuthorizer");
    private static final Set<String> ONE_NODE_KEYS = Set.of("inter.broker.listener.name", "security.inter.broker.protocol",
            "sasl.mechanism.inter.broker.protocol", "sasl.mechanism.controller.protocol", "controller.listener.names");

    private KafkaSecurityProperties() {
    }

    /**
     * Applies the keys above from {@code properties} to {@code builder}.
     *
     * @return the keys it used; the caller may report the others as not understood
     * @throws IllegalArgumentException naming the key and value when one is malformed or not supported
     */
    public static Set<String> apply(BrokerConfig.Builder builder, Map<String, String> properties, Clock clock) {
        Set<String> used = new HashSet<>();
        Map<String, String> global = new HashMap<>();
        Map<String, Map<String, String>> perListener = new HashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            Matcher m = LISTENER_KEY.matcher(e.getKey());
            if (m.matches()) {
                perListener.computeIfAbsent(m.group("listener").toUpperCase(Locale.ROOT), k -> new HashMap<>())
                        .put(m.group("rest"), e.getValue().trim());
            } else {
                global.put(e.getKey(), e.getValue().trim());
            }
        }

        SecurityConfig security = SecurityConfig.none();
        if (hasSslKeys(global)) {
            security = security.withSsl(SslSettings.fromKafkaProperties(global));
            used.addAll(sslKeys(global));
        }
        if (global.containsKey("sasl.enabled.mechanisms")) {
            security = security.withSaslMechanisms(mechanisms("sasl.enabled.mechanisms", global.get("sasl.enabled.mechanisms")));
            used.add("sasl.enabled.mechanisms");
        }
        if (global.containsKey("connections.max.reauth.ms")) {
            security = security.withReauthentication(Duration.ofMillis(number("connections.max.reauth.ms",
                    global.get("connections.max.reauth.ms"))));
            used.add("connections.max.reauth.ms");
        }
        security = security.withAuthorizer(authorizer(global, used));
        String rules = global.get("ssl.principal.mapping.rules");
        if (rules != null) {
            if (!rules.equals("DEFAULT")) {
                throw new IllegalArgumentException("ssl.principal.mapping.rules=" + rules
                        + " is not supported: broker-stub maps client certificates as DEFAULT does (User:<subject DN>)");
            }
            used.add("ssl.principal.mapping.rules");
        }
        for (String key : ONE_NODE_KEYS) {
            if (global.containsKey(key)) {
                used.add(key);
            }
        }

        List<Listener> listeners = listeners(global, used);
        List<Listener> configured = new ArrayList<>();
        for (Listener listener : listeners) {
            Map<String, String> own = perListener.getOrDefault(listener.name(), Map.of());
            configured.add(listenerSettings(listener, own, global));
            for (String key : own.keySet()) {
                if (SslSettings.KAFKA_KEYS.contains(key) || key.equals("sasl.enabled.mechanisms")) {
                    used.add("listener.name." + listener.name().toLowerCase(Locale.ROOT) + "." + key);
                }
            }
        }
        for (Map.Entry<String, Map<String, String>> listener : perListener.entrySet()) {
            for (Map.Entry<String, String> e : listener.getValue().entrySet()) {
                if (e.getKey().endsWith(".sasl.jaas.config")) {
                    security = jaas(security, e.getKey(), e.getValue(), clock);
                    used.add("listener.name." + listener.getKey().toLowerCase(Locale.ROOT) + "." + e.getKey());
                }
            }
        }
        if (!configured.isEmpty()) {
            builder.listeners(configured);
        }
        builder.security(security);
        return used;
    }

    private static List<Listener> listeners(Map<String, String> global, Set<String> used) {
        String declared = global.get("listeners");
        if (declared == null || declared.isBlank()) {
            return List.of();
        }
        used.add("listeners");
        Map<String, SecurityProtocol> protocols = protocolMap(global, used);
        Set<String> controllers = new HashSet<>();
        if (global.containsKey("controller.listener.names")) {
            for (String name : global.get("controller.listener.names").split(",")) {
                controllers.add(name.trim().toUpperCase(Locale.ROOT));
            }
        }
        Map<String, String[]> advertised = new LinkedHashMap<>();
        if (global.containsKey("advertised.listeners")) {
            used.add("advertised.listeners");
            for (String entry : global.get("advertised.listeners").split(",")) {
                Matcher m = listenerEntry("advertised.listeners", entry);
                advertised.put(m.group("name").toUpperCase(Locale.ROOT), new String[] {host(m), m.group("port")});
            }
        }
        List<Listener> listeners = new ArrayList<>();
        for (String entry : declared.split(",")) {
            Matcher m = listenerEntry("listeners", entry);
            String name = m.group("name").toUpperCase(Locale.ROOT);
            if (controllers.contains(name)) {
                continue;
            }
            SecurityProtocol protocol = protocols.get(name);
            if (protocol == null) {
                throw new IllegalArgumentException("Listener " + name + " in listeners has no security protocol: add it to "
                        + "listener.security.protocol.map (e.g. " + name + ":SASL_SSL)");
            }
            String host = host(m);
            Listener listener = Listener.of(name, protocol, Integer.parseInt(m.group("port")))
                    .withHost(host.isEmpty() ? null : host);
            String[] adv = advertised.get(name);
            if (adv != null) {
                listener = listener.withAdvertised(adv[0].isEmpty() ? null : adv[0], Integer.parseInt(adv[1]));
            }
            listeners.add(listener);
        }
        return listeners;
    }

    private static Map<String, SecurityProtocol> protocolMap(Map<String, String> global, Set<String> used) {
        Map<String, SecurityProtocol> map = new HashMap<>();
        for (SecurityProtocol protocol : SecurityProtocol.values()) {
            map.put(protocol.name(), protocol);
        }
        String declared = global.get("listener.security.protocol.map");
        if (declared != null) {
            used.add("listener.security.protocol.map");
            map.clear();
            for (String entry : declared.split(",")) {
                String[] pair = entry.trim().split(":");
                if (pair.length != 2) {
                    throw new IllegalArgumentException("listener.security.protocol.map entry '" + entry
                            + "' is not NAME:PROTOCOL");
                }
                map.put(pair[0].trim().toUpperCase(Locale.ROOT), SecurityProtocol.parse(pair[1]));
            }
        }
        return map;
    }

    private static Listener listenerSettings(Listener listener, Map<String, String> own, Map<String, String> global) {
        if (hasSslKeys(own)) {
            Map<String, String> merged = new HashMap<>(global);
            for (Map.Entry<String, String> e : own.entrySet()) {
                if (SslSettings.KAFKA_KEYS.contains(e.getKey())) {
                    merged.put(e.getKey(), e.getValue());
                }
            }
            listener = listener.withSsl(SslSettings.fromKafkaProperties(merged));
        }
        if (own.containsKey("sasl.enabled.mechanisms")) {
            listener = listener.withSaslMechanisms(mechanisms("listener.name." + listener.name().toLowerCase(Locale.ROOT)
                    + ".sasl.enabled.mechanisms", own.get("sasl.enabled.mechanisms")));
        }
        return listener;
    }

    private static SecurityConfig jaas(SecurityConfig security, String key, String value, Clock clock) {
        String mechanism = key.substring(0, key.length() - ".sasl.jaas.config".length()).toUpperCase(Locale.ROOT);
        JaasConfig jaas = JaasConfig.parse(key, value);
        switch (mechanism) {
            case "PLAIN" -> {
                for (Map.Entry<String, String> option : jaas.options().entrySet()) {
                    if (option.getKey().startsWith("user_")) {
                        security = security.withUser(SaslUser.withPassword(option.getKey().substring(5), option.getValue()));
                    }
                }
            }
            case "OAUTHBEARER" -> security = security.withOAuthBearerValidator(unsecuredValidator(jaas.options(), clock));
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> {
                // The broker's own SCRAM login, for inter-broker traffic: nothing to do on one node.
            }
            default -> throw new IllegalArgumentException("sasl.jaas.config for mechanism " + mechanism
                    + " is not supported: broker-stub serves PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER");
        }
        return security;
    }

    private static UnsecuredJwsValidator unsecuredValidator(Map<String, String> options, Clock clock) {
        String required = options.getOrDefault("unsecuredValidatorRequiredScope", "").trim();
        return new UnsecuredJwsValidator(options.getOrDefault("unsecuredValidatorPrincipalClaimName", "sub"),
                options.getOrDefault("unsecuredValidatorScopeClaimName", "scope"),
                required.isEmpty() ? Set.of() : Set.of(required.split("\\s+")),
                Duration.ofMillis(number("unsecuredValidatorAllowableClockSkewMs",
                        options.getOrDefault("unsecuredValidatorAllowableClockSkewMs", "0"))), clock);
    }

    private static AuthorizerSettings authorizer(Map<String, String> global, Set<String> used) {
        boolean enabled = false;
        String className = global.get("authorizer.class.name");
        if (className != null && !className.isEmpty()) {
            if (!AUTHORIZERS.contains(className)) {
                throw new IllegalArgumentException("authorizer.class.name=" + className + " is not supported: broker-stub "
                        + "enforces ACLs as " + AuthorizerSettings.STANDARD_AUTHORIZER + " does");
            }
            enabled = true;
        }
        if (className != null) {
            used.add("authorizer.class.name");
        }
        Set<String> superUsers = new HashSet<>();
        String supers = global.get("super.users");
        if (supers != null) {
            used.add("super.users");
            for (String user : supers.split(";")) {
                if (!user.isBlank()) {
                    superUsers.add(user.trim());
                }
            }
        }
        boolean allowEveryone = false;
        if (global.containsKey("allow.everyone.if.no.acl.found")) {
            used.add("allow.everyone.if.no.acl.found");
            allowEveryone = Boolean.parseBoolean(global.get("allow.everyone.if.no.acl.found"));
        }
        return new AuthorizerSettings(enabled, superUsers, allowEveryone);
    }

    private static Set<SaslMechanism> mechanisms(String key, String value) {
        Set<SaslMechanism> mechanisms = EnumSet.noneOf(SaslMechanism.class);
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                try {
                    mechanisms.add(SaslMechanism.parse(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
            }
        }
        return mechanisms;
    }

    private static boolean hasSslKeys(Map<String, String> properties) {
        return properties.keySet().stream().anyMatch(SslSettings.KAFKA_KEYS::contains);
    }

    private static Set<String> sslKeys(Map<String, String> properties) {
        Set<String> keys = new HashSet<>(properties.keySet());
        keys.retainAll(SslSettings.KAFKA_KEYS);
        return keys;
    }

    private static Matcher listenerEntry(String key, String entry) {
        Matcher m = LISTENER.matcher(entry.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " entry '" + entry.trim() + "' is not NAME://host:port");
        }
        return m;
    }

    private static String host(Matcher m) {
        String host = m.group("host");
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a whole number", e);
        }
    }
}
