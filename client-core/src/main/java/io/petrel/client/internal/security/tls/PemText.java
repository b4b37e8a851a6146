package io.petrel.client.internal.security.tls;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text as Kafka accepts it for ssl.keystore.key, ssl.keystore.certificate.chain,
 * ssl.truststore.certificates and PEM store files: X.509 {@code CERTIFICATE} blocks, and one PKCS#8
 * private key, either {@code PRIVATE KEY} or {@code ENCRYPTED PRIVATE KEY} (decrypted with
 * ssl.key.password). Other key formats (PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}) are
 * refused with the openssl command that converts them. Errors name where the text came from, never the text.
 */
final class PemText {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    /** Key algorithms tried in turn: PKCS#8 carries the algorithm, but KeyFactory wants it named. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "DSA", "EdDSA", "RSASSA-PSS");

    private final String text;
    private final String source;

    /**
     * @param text   the PEM text
     * @param source where it came from, for messages (a key name or a file)
     */
    PemText(String text, String source) {
        this.text = text;
        this.source = source;
    }

    private record Block(String label, byte[] der) {
    }

    private List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("The " + m.group(1) + " block in " + source + " is not valid base64");
            }
            blocks.add(new Block(m.group(1), der));
        }
        return blocks;
    }

    /**
     * Every certificate, in order.
     *
     * @throws ConfigException when there is none or one does not parse
     */
    List<Certificate> certificates() {
        List<Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks()) {
                if (block.label().equals("CERTIFICATE")) {
                    out.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException("A certificate in " + source + " could not be read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ConfigException("No PEM certificate (-----BEGIN CERTIFICATE-----) found in " + source);
        }
        return out;
    }

    /**
     * The one private key.
     *
     * @param keyPassword decrypts an ENCRYPTED PRIVATE KEY; null for a plain one
     * @throws ConfigException for no key, several keys, a format other than PKCS#8, or a wrong password
     */
    PrivateKey privateKey(Password keyPassword) {
        List<Block> keys = blocks().stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new ConfigException("Expected one PEM private key in " + source + ", found " + keys.size());
        }
        Block key = keys.get(0);
        return switch (key.label()) {
            case "PRIVATE KEY" -> decode(key.der());
            case "ENCRYPTED PRIVATE KEY" -> decode(decrypt(key.der(), keyPassword));
            default -> throw new ConfigException("The private key in " + source + " is a " + key.label()
                    + "; Petrel (as Kafka) reads PKCS#8 keys: convert it with 'openssl pkcs8 -topk8' "
                    + "(add -nocrypt for an unencrypted key)");
        };
    }

    private byte[] decrypt(byte[] der, Password keyPassword) {
        if (keyPassword == null) {
            throw new ConfigException("The private key in " + source + " is encrypted, but ssl.key.password is not set");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = pbeAlgorithm(info);
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            SecretKey pbeKey = factory.generateSecret(new PBEKeySpec(keyPassword.value().toCharArray()));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, pbeKey, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new ConfigException("The encrypted private key in " + source + " could not be decrypted with "
                    + "ssl.key.password (wrong password, or an unsupported encryption: " + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /**
     * The JCA name of the key's encryption. PBES1 keys name it directly; for PBES2 (what openssl writes today)
     * the name says only "PBES2" and the full name (PBEWithHmacSHA256AndAES_256) is that of the parameters.
     */
    private static String pbeAlgorithm(EncryptedPrivateKeyInfo info) {
        String name = info.getAlgName();
        try {
            SecretKeyFactory.getInstance(name);
            return name;
        } catch (java.security.NoSuchAlgorithmException e) {
            return info.getAlgParameters() == null ? name : info.getAlgParameters().toString();
        }
    }

    private PrivateKey decode(byte[] pkcs8) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new ConfigException("The private key in " + source + " is not a PKCS#8 key of a known algorithm "
                + KEY_ALGORITHMS);
    }
}
