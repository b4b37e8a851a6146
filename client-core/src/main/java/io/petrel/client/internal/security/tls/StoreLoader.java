package io.petrel.client.internal.security.tls;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import java.util.UUID;

/**
 * Loads the {@link KeyStore} a {@link KeyStoreSource} describes: a JKS or PKCS12 file with its password, or
 * PEM (a file, or text from the settings) turned into an in-memory store. Errors are ConfigExceptions that
 * name the setting or file and the reason (a wrong password, a missing file), never a secret.
 */
final class StoreLoader {
    private static final String KEY_ALIAS = "petrel-client-key";

    private StoreLoader() {
    }

    /** A loaded key store and the password its key entry opens with. */
    record LoadedKeyStore(KeyStore store, char[] keyPassword) {
    }

    /**
     * The client's key store.
     *
     * @param keyPassword ssl.key.password: decrypts an encrypted PEM key, or opens the key entry of a JKS or
     *                    PKCS12 store (whose store password is used when it is null, as in Kafka)
     */
    static LoadedKeyStore keyStore(KeyStoreSource source, Password keyPassword) {
        if (source instanceof KeyStoreSource.InlinePem pem) {
            return pemKeyStore(pem.certificates().value(), pem.privateKey().value(), keyPassword,
                    "ssl.keystore.certificate.chain / ssl.keystore.key");
        }
        KeyStoreSource.StoreFile file = (KeyStoreSource.StoreFile) source;
        String where = file.location() + " (ssl.keystore.location)";
        if (TlsSettings.PEM.equals(file.type())) {
            String text = read(file, where);
            return pemKeyStore(text, text, keyPassword, where);
        }
        KeyStore store = loadFile(file, where);
        Password entryPassword = keyPassword != null ? keyPassword : file.password();
        return new LoadedKeyStore(store, entryPassword.value().toCharArray());
    }

    /** The trust store. */
    static KeyStore trustStore(KeyStoreSource source) {
        if (source instanceof KeyStoreSource.InlinePem pem) {
            return pemTrustStore(pem.certificates().value(), "ssl.truststore.certificates");
        }
        KeyStoreSource.StoreFile file = (KeyStoreSource.StoreFile) source;
        String where = file.location() + " (ssl.truststore.location)";
        if (TlsSettings.PEM.equals(file.type())) {
            return pemTrustStore(read(file, where), where);
        }
        return loadFile(file, where);
    }

    private static LoadedKeyStore pemKeyStore(String chainText, String keyText, Password keyPassword, String where) {
        List<Certificate> chain = new PemText(chainText, where).certificates();
        PrivateKey key = new PemText(keyText, where).privateKey(keyPassword);
        // The in-memory store needs some password for its entry; nobody else ever sees it.
        char[] entryPassword = UUID.randomUUID().toString().toCharArray();
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry(KEY_ALIAS, key, entryPassword, chain.toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new ConfigException("The key and certificate chain in " + where + " do not form a key entry: "
                    + e.getMessage());
        }
        return new LoadedKeyStore(store, entryPassword);
    }

    private static KeyStore pemTrustStore(String text, String where) {
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate certificate : new PemText(text, where).certificates()) {
            try {
                store.setCertificateEntry("trusted-" + i++, certificate);
            } catch (GeneralSecurityException e) {
                throw new ConfigException("Certificate " + i + " in " + where + " cannot be trusted: " + e.getMessage());
            }
        }
        return store;
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot create an empty PKCS12 key store", e);
        }
    }

    private static KeyStore loadFile(KeyStoreSource.StoreFile file, String where) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.type());
        } catch (java.security.KeyStoreException e) {
            throw new ConfigException("Unknown store type " + file.type() + " for " + where + ": expected JKS, PKCS12 or PEM");
        }
        try (InputStream in = Files.newInputStream(file.location())) {
            store.load(in, file.password() == null ? null : file.password().value().toCharArray());
            return store;
        } catch (NoSuchFileException e) {
            throw new ConfigException("Store file " + where + " does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Could not load the " + file.type() + " store " + where + ": " + reason(e));
        }
    }

    private static String read(KeyStoreSource.StoreFile file, String where) {
        try {
            return Files.readString(file.location(), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException("PEM file " + where + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("Could not read PEM file " + where + ": " + e.getMessage());
        }
    }

    /** The JDK's reason, which for a wrong password sits in the cause ("keystore password was incorrect"). */
    private static String reason(Exception e) {
        String message = e.getMessage();
        if (e.getCause() instanceof java.security.UnrecoverableKeyException cause && cause.getMessage() != null) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
