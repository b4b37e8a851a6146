package io.petrel.client.internal.security.tls;

import io.petrel.client.Password;

import java.nio.file.Path;

/** Where a key store (the client's key and certificate) or a trust store (the trusted certificates) comes from. */
public sealed interface KeyStoreSource {

    /**
     * A store file: JKS, PKCS12 (or another KeyStore type the JDK knows), or PEM.
     *
     * @param type     the store type, upper case
     * @param location the file
     * @param password the store password, or null (PEM files and password-less trust stores)
     */
    record StoreFile(String type, Path location, Password password) implements KeyStoreSource {
    }

    /**
     * PEM text given in the settings themselves.
     *
     * @param certificates one or more certificates (the chain for a key store, the trusted ones for a trust store)
     * @param privateKey   the PKCS#8 private key for a key store, null for a trust store
     */
    record InlinePem(Password certificates, Password privateKey) implements KeyStoreSource {
    }
}
