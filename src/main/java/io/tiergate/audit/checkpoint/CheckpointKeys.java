package io.tiergate.audit.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in the PEM files {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey
 * -pubout} write (PKCS#8 and X.509 SubjectPublicKeyInfo), with the JDK's own provider.
 */
public final class CheckpointKeys {

    static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private CheckpointKeys() {
    }

    /** The signing key from a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
    }

    /** A public key from an X.509 PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
    }

    /** The base64 Ed25519 signature of the text. */
    static String sign(PrivateKey key, String text) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** Whether the base64 signature is the key's signature of the text. */
    static boolean verify(PublicKey key, String text, String signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] der(Path file, String type) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        if (!m.find() || !type.equals(m.group(1))) {
            throw new GeneralSecurityException(file + " is not a PEM file holding a " + type);
        }
        return Base64.getMimeDecoder().decode(m.group(2));
    }
}
