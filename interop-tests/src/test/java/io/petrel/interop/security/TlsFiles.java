package io.petrel.interop.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Throwaway TLS material for the secured brokers, written into a directory: a test CA, the brokers' certificate
 * for 127.0.0.1 and localhost, one with a host name that matches nothing (for the host-name mismatch failure),
 * a client certificate per {@link User} (CN = the user's name), a truststore with the CA and one with another CA
 * (for the untrusted-CA failure). All PKCS12, one password.
 *
 * <p>PROTOTYPE: made with keytool until broker-stub's test CA generator lands.
 */
public final class TlsFiles {
    private static final String PASSWORD = "petrel-test";
    private final Path dir;

    private TlsFiles(Path dir) {
        this.dir = dir;
    }

    public static TlsFiles create(Path dir) {
        try {
            Files.createDirectories(dir);
            keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=petrel-test-ca", "-ext", "bc:c",
                    "-keystore", "ca.p12");
            keytool(dir, "-genkeypair", "-alias", "other-ca", "-dname", "CN=untrusted-ca", "-ext", "bc:c",
                    "-keystore", "other-ca.p12");
            exportCa(dir, "ca", "ca.p12", "ca.pem", "truststore.p12");
            exportCa(dir, "other-ca", "other-ca.p12", "other-ca.pem", "untrusted-truststore.p12");
            signed(dir, "server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
            signed(dir, "wrong-host", "CN=wrong-host.invalid", "san=dns:wrong-host.invalid");
            for (User user : User.values()) {
                signed(dir, user.principal(), "CN=" + user.principal(), null);
            }
            return new TlsFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return dir;
    }

    public String password() {
        return PASSWORD;
    }

    /** The brokers' keystore: a certificate for 127.0.0.1 and localhost signed by the test CA. */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** A keystore whose certificate (same CA) names only {@code wrong-host.invalid}. */
    public Path wrongHostKeystore() {
        return dir.resolve("wrong-host.p12");
    }

    /** The test CA, for the brokers' truststore (client certificates) and the clients'. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public Map<String, String> trustConfig() {
        return Map.of("ssl.truststore.location", truststore().toString(), "ssl.truststore.password", PASSWORD,
                "ssl.truststore.type", "PKCS12");
    }

    /** A truststore with another CA, which did not sign the brokers' certificate. */
    public Map<String, String> untrustedTrustConfig() {
        return Map.of("ssl.truststore.location", dir.resolve("untrusted-truststore.p12").toString(),
                "ssl.truststore.password", PASSWORD, "ssl.truststore.type", "PKCS12");
    }

    /** {@code user}'s client certificate and key, for mTLS. */
    public Map<String, String> keyConfig(User user) {
        return Map.of("ssl.keystore.location", dir.resolve(user.principal() + ".p12").toString(),
                "ssl.keystore.password", PASSWORD, "ssl.keystore.type", "PKCS12", "ssl.key.password", PASSWORD);
    }

    private static void exportCa(Path dir, String alias, String keystore, String pem, String truststore) throws IOException {
        Files.writeString(dir.resolve(pem), keytool(dir, "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore));
        keytool(dir, "-importcert", "-noprompt", "-alias", alias, "-file", pem, "-keystore", truststore);
    }

    private static void signed(Path dir, String name, String dname, String san) throws IOException {
        String keystore = name + ".p12";
        keytool(dir, "-genkeypair", "-alias", name, "-dname", dname, "-keystore", keystore);
        Files.writeString(dir.resolve(name + ".csr"), keytool(dir, "-certreq", "-alias", name, "-keystore", keystore));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
                "-infile", name + ".csr"));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        Files.writeString(dir.resolve(name + ".crt"), keytool(dir, gencert.toArray(String[]::new)));
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", keystore);
        keytool(dir, "-importcert", "-alias", name, "-file", name + ".crt", "-keystore", keystore);
    }

    private static String keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        if (args[0].equals("-genkeypair")) {
            cmd.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + err + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
