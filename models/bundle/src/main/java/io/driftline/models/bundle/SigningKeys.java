package io.driftline.models.bundle;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECDSA P-256 keys in PEM, as openssl writes them: private keys as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----},
 * from {@code openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt}), public keys as
 * SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}, from {@code openssl ec -in key.pem -pubout}). Only the
 * JDK is used.
 *
 * <p>A key's id is the lower-case hex SHA-256 of its public key's DER (SubjectPublicKeyInfo) encoding: the same for
 * the private key file and the public one, and what {@code openssl pkey -pubin -in key.pub.pem -outform DER |
 * sha256sum} prints.
 */
public final class SigningKeys {

    /** The JDK's name of the signature algorithm: ECDSA over a SHA-256 hash, ASN.1 DER signatures. */
    public static final String ALGORITHM = "SHA256withECDSA";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String PUBLIC = "PUBLIC KEY";
    private static final ECParameterSpec P256 = p256();
    private static final String PRIVATE = "PRIVATE KEY";

    private SigningKeys() {
    }

    /** A new P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e); // every JDK 17 can (SunEC)
        }
    }

    /** The key id: lower-case hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The public key's PEM text ({@code -----BEGIN PUBLIC KEY-----}). */
    public static String publicPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    /**
     * The private key's PEM text ({@code -----BEGIN PRIVATE KEY-----}), PKCS#8 with the public key inside as
     * openssl writes it, so that the private key file alone names its key id.
     */
    public static String privatePem(KeyPair pair) {
        ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
        return pem(PRIVATE, Der.p256PrivateKey(unsigned32(priv.getS()), point((ECPublicKey) pair.getPublic())));
    }

    /**
     * Every public key in a PEM file (one or more {@code PUBLIC KEY} blocks; text around them is ignored).
     *
     * @throws KeyFileException when the file cannot be read, holds no public key, holds a private key, or a key is
     *     not a P-256 key; the message names the file
     */
    public static List<PublicKey> readPublicKeys(Path file) throws KeyFileException {
        List<PublicKey> keys = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.type().endsWith(PRIVATE)) {
                throw new KeyFileException(file + " holds a private key (" + block.type() + "); trusted keys are public"
                        + " keys: write one with openssl ec -in key.pem -pubout -out key.pub.pem, and keep the private"
                        + " key away from the instances");
            }
            if (!block.type().equals(PUBLIC)) {
                continue; // a certificate or parameters block beside the key: not ours to read
            }
            keys.add(publicKey(file, block.der()));
        }
        if (keys.isEmpty()) {
            throw new KeyFileException(file + " holds no public key: expected a -----BEGIN PUBLIC KEY----- block (openssl"
                    + " ec -in key.pem -pubout)");
        }
        return keys;
    }

    /**
     * The key pair of a PKCS#8 P-256 private key file; the public key is the one the file carries (openssl always
     * writes it), checked against the private key.
     *
     * @throws KeyFileException when the file cannot be read, is not an unencrypted PKCS#8 P-256 key, carries no
     *     public key or one that does not belong to it; the message names the file
     */
    public static KeyPair readPrivateKey(Path file) throws KeyFileException {
        List<Block> blocks = blocks(file);
        Block block = blocks.stream().filter(b -> b.type().endsWith(PRIVATE)).findFirst().orElseThrow(() ->
                new KeyFileException(file + " holds no private key: expected a -----BEGIN PRIVATE KEY----- block"
                        + (blocks.stream().anyMatch(b -> b.type().equals(PUBLIC)) ? " (this is a public key)" : "")));
        if (block.type().equals("EC " + PRIVATE)) {
            throw new KeyFileException(file + " is a SEC1 EC PRIVATE KEY; convert it to PKCS#8 with openssl pkcs8"
                    + " -topk8 -nocrypt -in " + file + " -out key.pem");
        }
        if (!block.type().equals(PRIVATE)) {
            throw new KeyFileException(file + " holds an " + block.type() + ": only unencrypted PKCS#8 keys are"
                    + " read (openssl pkcs8 -topk8 -nocrypt); keep the file readable by you alone instead");
        }
        PrivateKey priv;
        byte[] point;
        try {
            priv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            if (!isP256(priv)) {
                throw new KeyFileException(file + " is not a P-256 (prime256v1) key");
            }
            point = Der.publicPointOf(block.der());
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyFileException(file + " is not a PKCS#8 EC private key: " + e.getMessage(), e);
        }
        if (point == null) {
            throw new KeyFileException(file + " carries no public key beside its private key, so its key id is unknown:"
                    + " make keys with driftline model keygen, or with openssl ecparam -name prime256v1 -genkey -noout"
                    + " | openssl pkcs8 -topk8 -nocrypt (which keep it)");
        }
        PublicKey pub = publicKey(file, Der.p256PublicKey(point));
        if (!belongTogether(priv, pub)) {
            throw new KeyFileException(file + ": the public key inside does not belong to its private key");
        }
        return new KeyPair(pub, priv);
    }

    private static PublicKey publicKey(Path file, byte[] spki) throws KeyFileException {
        if (!Der.startsWith(spki, Der.P256_SPKI_PREFIX) || spki.length != Der.P256_SPKI_PREFIX.length + Der.POINT_LENGTH) {
            throw new KeyFileException(file + " holds a public key that is not an ECDSA P-256 (prime256v1) key;"
                    + " bundles are signed with P-256 keys only");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file + " holds a malformed P-256 public key: " + e.getMessage(), e);
        }
    }

    private static boolean isP256(PrivateKey key) {
        return key instanceof ECPrivateKey ec && P256.getCurve().equals(ec.getParams().getCurve())
                && P256.getOrder().equals(ec.getParams().getOrder()) && P256.getGenerator().equals(ec.getParams().getGenerator());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-256 curve", e); // every JDK 17 has (SunEC)
        }
    }

    private static boolean belongTogether(PrivateKey priv, PublicKey pub) {
        try {
            byte[] probe = "driftline key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(priv);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws KeyFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + e, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file + ": the " + m.group(1) + " block is not valid base64: " + e.getMessage(), e);
            }
        }
        if (blocks.isEmpty()) {
            throw new KeyFileException(file + " is not a PEM file: no -----BEGIN ...----- / -----END ...----- block");
        }
        return blocks;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] point(ECPublicKey key) {
        byte[] point = new byte[Der.POINT_LENGTH];
        point[0] = 0x04;
        System.arraycopy(unsigned32(key.getW().getAffineX()), 0, point, 1, 32);
        System.arraycopy(unsigned32(key.getW().getAffineY()), 0, point, 33, 32);
        return point;
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray(); // big-endian two's complement: may have a leading zero, or be shorter
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return fixed;
    }
}
