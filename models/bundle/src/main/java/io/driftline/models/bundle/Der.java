package io.driftline.models.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The few DER facts the P-256 key files need: the fixed encodings of a P-256 public key (SubjectPublicKeyInfo) and
 * of a PKCS#8 private key that carries its public key (as openssl writes it), and a reader of tag-length-value
 * items to find that public key inside a PKCS#8 file. The JDK parses and checks the keys themselves.
 */
final class Der {

    /** SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (65 bytes, no unused bits) ... }. */
    static final byte[] P256_SPKI_PREFIX = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    /** AlgorithmIdentifier { id-ecPublicKey, prime256v1 } as it appears in SPKI and PKCS#8 alike. */
    static final byte[] P256_ALGORITHM = hex("301306072a8648ce3d020106082a8648ce3d030107");
    /** An uncompressed P-256 point: 0x04, then X and Y, 32 bytes each. */
    static final int POINT_LENGTH = 65;

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;
    /** ECPrivateKey's {@code [1] publicKey} (RFC 5915). */
    static final int CONTEXT_1 = 0xa1;

    /** One tag-length-value item: its tag and where its value lies in {@code der}. */
    record Item(int tag, byte[] der, int start, int end) {
        byte[] value() {
            return Arrays.copyOfRange(der, start, end);
        }

        List<Item> children() {
            return items(der, start, end);
        }
    }

    private Der() {
    }

    /** The items between {@code from} and {@code to}, in order; throws IllegalArgumentException on bad DER. */
    static List<Item> items(byte[] der, int from, int to) {
        List<Item> items = new ArrayList<>();
        int at = from;
        while (at < to) {
            int tag = der[at++] & 0xff;
            if (at >= to) {
                throw new IllegalArgumentException("DER item with tag " + tag + " has no length");
            }
            int length = der[at++] & 0xff;
            if (length > 0x80) {
                int bytes = length - 0x80;
                if (bytes > 3 || at + bytes > to) {
                    throw new IllegalArgumentException("DER length of " + bytes + " bytes is not supported here");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | der[at++] & 0xff;
                }
            } else if (length == 0x80) {
                throw new IllegalArgumentException("indefinite DER length");
            }
            if (length > to - at) {
                throw new IllegalArgumentException("DER item of " + length + " bytes runs past its end");
            }
            items.add(new Item(tag, der, at, at + length));
            at += length;
        }
        return items;
    }

    /** The SubjectPublicKeyInfo of an uncompressed P-256 point. */
    static byte[] p256PublicKey(byte[] point) {
        return concat(P256_SPKI_PREFIX, point);
    }

    /** PKCS#8 PrivateKeyInfo of a P-256 key with its public key inside, as {@code openssl pkcs8 -topk8} writes. */
    static byte[] p256PrivateKey(byte[] scalar32, byte[] point) {
        byte[] ecPrivateKey = concat(hex("306b020101" + "0420"), scalar32, hex("a144034200"), point);
        return concat(hex("308187020100"), P256_ALGORITHM, hex("046d"), ecPrivateKey);
    }

    /**
     * The uncompressed public point inside a PKCS#8 P-256 private key, or null when the file has none (the JDK's
     * own encoding leaves it out).
     */
    static byte[] publicPointOf(byte[] pkcs8) {
        List<Item> top = items(pkcs8, 0, pkcs8.length);
        if (top.size() != 1 || top.get(0).tag() != SEQUENCE) {
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        }
        for (Item field : top.get(0).children()) {
            if (field.tag() != OCTET_STRING) {
                continue;
            }
            List<Item> ecPrivateKey = field.children();
            if (ecPrivateKey.size() != 1 || ecPrivateKey.get(0).tag() != SEQUENCE) {
                throw new IllegalArgumentException("the private key is not an ECPrivateKey");
            }
            for (Item part : ecPrivateKey.get(0).children()) {
                if (part.tag() == CONTEXT_1) {
                    List<Item> bits = part.children();
                    if (bits.size() != 1 || bits.get(0).tag() != BIT_STRING) {
                        throw new IllegalArgumentException("the embedded public key is not a BIT STRING");
                    }
                    byte[] value = bits.get(0).value();
                    if (value.length != POINT_LENGTH + 1 || value[0] != 0 || value[1] != 0x04) {
                        throw new IllegalArgumentException("the embedded public key is not an uncompressed P-256 point");
                    }
                    return Arrays.copyOfRange(value, 1, value.length);
                }
            }
            return null;
        }
        throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo: no private key octets");
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
