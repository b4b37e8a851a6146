package io.petrel.broker.internal.topic;

import io.petrel.protocol.ErrorCode;

/**
 * The rules a topic name must follow, which are Kafka's: 1 to 249 characters from [a-zA-Z0-9._-], and
 * neither "." nor "..". The length bound keeps {@code <topic>-<partition>} a legal directory name.
 *
 * <p>Kafka also refuses a name that differs from an existing one only by '.' versus '_', because
 * both map to the same metric names; {@link #collisionKey} gives the form such names share.
 */
public final class TopicNames {
    /** The longest topic name allowed. */
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /**
     * Checks a name against the rules.
     *
     * @throws TopicException {@link ErrorCode#INVALID_TOPIC_EXCEPTION} naming the broken rule
     */
    public static void validate(String name) throws TopicException {
        if (name == null || name.isEmpty()) {
            throw invalid("Topic name is empty: expected 1 to " + MAX_LENGTH
                    + " characters from a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid("Topic name '" + name + "' is not allowed: '.' and '..' are reserved");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("Topic name '" + name.substring(0, 20) + "...' is " + name.length()
                    + " characters long: expected at most " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLegal(c)) {
                throw invalid("Topic name '" + name + "' contains '" + c + "' at position " + i
                        + ": expected only characters from a-z, A-Z, 0-9, '.', '_' and '-'");
            }
        }
    }

    /** The name with '.' read as '_': two topics with the same key may not both exist. */
    public static String collisionKey(String name) {
        return name.replace('.', '_');
    }

    private static boolean isLegal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static TopicException invalid(String message) {
        return new TopicException(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
    }
}
