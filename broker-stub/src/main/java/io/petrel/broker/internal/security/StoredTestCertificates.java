package io.petrel.broker.internal.security;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.tls.TestCertificateAuthority;
import io.petrel.broker.tls.TestCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The throwaway certificates of a broker whose TLS listeners were given no key material, kept in its data
 * directory ({@code tls/}). The authority is made once and reloaded on restart, so a test's clients keep trusting
 * a broker restarted on the same directory; the server and client stores are rewritten from it on each start.
 * The stores' password sits next to them ({@code tls/password}): this is test material, as the authority's key is.
 */
public final class StoredTestCertificates {
    private static final String AUTHORITY_FILE = "ca.keystore.p12";
    private static final String PASSWORD_FILE = "password";

    private StoredTestCertificates() {
    }

    /** The certificates in {@code directory}, from the authority stored there or a new one. */
    public static TestCertificates openOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path authorityFile = directory.resolve(AUTHORITY_FILE);
            Path passwordFile = directory.resolve(PASSWORD_FILE);
            if (Files.exists(authorityFile) && Files.exists(passwordFile)) {
                String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
                TestCertificateAuthority authority = TestCertificateAuthority.load(authorityFile, password);
                return TestCertificates.generate(directory, authority, password);
            }
            String password = TestCertificates.randomPassword();
            TestCertificateAuthority authority = TestCertificateAuthority.create();
            authority.writeAuthorityKeyStore(authorityFile, password);
            AtomicFiles.write(passwordFile, ByteBuffer.wrap(password.getBytes(StandardCharsets.UTF_8)));
            return TestCertificates.generate(directory, authority, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not set up test certificates in " + directory, e);
        }
    }
}
