package io.petrel.interop.security;

/** Which secured broker a test runs against. */
public enum BrokerKind {
    APACHE_KAFKA,
    BROKER_STUB
}
