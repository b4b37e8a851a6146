package io.petrel.broker.tls;

/** The store formats Kafka's {@code ssl.keystore.type} and {@code ssl.truststore.type} name. */
public enum StoreType {
    PKCS12,
    JKS,
    /** PEM text: certificates, and for a key store a PKCS#8 private key, in one file. */
    PEM
}
