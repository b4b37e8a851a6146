package io.petrel.broker.internal.tls;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * PEM text (RFC 7468) for certificates and PKCS#8 private keys, the forms Kafka's {@code PEM} store type reads:
 * {@code CERTIFICATE}, {@code PRIVATE KEY} and {@code ENCRYPTED PRIVATE KEY}.
 */
public final class PemEncoder {
    // PKCS#12's pbeWithSHAAnd3-KeyTripleDES-CBC: old, but the one scheme Kafka's PEM reader can decrypt on JDK 17,
    // whose EncryptedPrivateKeyInfo names PBES2 only as "PBES2", which no SecretKeyFactory answers to.
    private static final String PBE_ALGORITHM = "PBEWithSHA1AndDESede";
    private static final String OID_PBE_SHA1_DESEDE = "1.2.840.113549.1.12.1.3";
    private static final int PBE_ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PemEncoder() {
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("Could not encode the certificate of " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String encryptedPrivateKey(PrivateKey key, char[] password) {
        try {
            byte[] salt = new byte[20];
            RANDOM.nextBytes(salt);
            Cipher cipher = Cipher.getInstance(PBE_ALGORITHM);
            cipher.init(Cipher.ENCRYPT_MODE,
                    SecretKeyFactory.getInstance(PBE_ALGORITHM).generateSecret(new PBEKeySpec(password)),
                    new PBEParameterSpec(salt, PBE_ITERATIONS));
            byte[] encrypted = cipher.doFinal(key.getEncoded());
            // EncryptedPrivateKeyInfo (RFC 5958): AlgorithmIdentifier then the encrypted PKCS#8 bytes.
            byte[] algorithm = DerEncoder.sequence(DerEncoder.objectIdentifier(OID_PBE_SHA1_DESEDE),
                    cipher.getParameters().getEncoded());
            return block("ENCRYPTED PRIVATE KEY", DerEncoder.sequence(algorithm, DerEncoder.octetString(encrypted)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not encrypt a " + key.getAlgorithm() + " private key with " + PBE_ALGORITHM, e);
        }
    }

    private static String block(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
