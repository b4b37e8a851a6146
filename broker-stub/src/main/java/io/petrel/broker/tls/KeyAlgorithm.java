package io.petrel.broker.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key pairs a {@link TestCertificateAuthority} makes. EC P-256 is the default: a key in about a millisecond. */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1), signing with SHA256withECDSA. */
    EC_P256,
    /** RSA with a 2048-bit modulus, signing with SHA256withRSA; key generation takes tens to hundreds of ms. */
    RSA_2048;

    /** A new key pair of this algorithm. */
    public KeyPair generateKeyPair() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make " + this + " key pairs", e);
        }
    }
}
