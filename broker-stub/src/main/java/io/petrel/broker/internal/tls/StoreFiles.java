package io.petrel.broker.internal.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** Writes key stores and trust stores (PKCS12 or JKS) and PEM files with the JDK's {@link KeyStore}. */
public final class StoreFiles {
    private StoreFiles() {
    }

    /** A key store of {@code type} holding {@code key} and its {@code chain} under {@code alias}, key and store sharing one password. */
    public static void writeKeyStore(Path file, String type, String alias, PrivateKey key, List<X509Certificate> chain,
                                     char[] password) {
        KeyStore store = empty(type);
        try {
            store.setKeyEntry(alias, key, password, chain.toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not put the key of " + alias + " into a " + type + " key store", e);
        }
        store(store, file, password);
    }

    /** A trust store of {@code type} holding {@code certificate} as a trusted entry under {@code alias}. */
    public static void writeTrustStore(Path file, String type, String alias, X509Certificate certificate, char[] password) {
        KeyStore store = empty(type);
        try {
            store.setCertificateEntry(alias, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not put " + alias + " into a " + type + " trust store", e);
        }
        store(store, file, password);
    }

    public static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static KeyStore empty(String type) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("This JDK has no " + type + " key store", e);
        }
    }

    private static void store(KeyStore store, Path file, char[] password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not write the " + store.getType() + " store " + file, e);
        }
    }
}
