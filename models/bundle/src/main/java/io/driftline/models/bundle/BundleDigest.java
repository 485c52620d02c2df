package io.driftline.models.bundle;

import io.driftline.ModelUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The content digest of a bundle: what {@link BundleSigner} signs and {@link TrustedKeys} verifies.
 *
 * <p>It covers every field of the {@link ModelUpdate} except {@code signature} and {@code signingKeyId}: model name,
 * version, action, the ONNX bytes when inline, the ONNX URI and its {@code sha256} (which pins the bytes behind the
 * URI: {@link ModelBundle#loadOnnx} checks them), the manifest, the reference profile, every golden example,
 * description, publishedBy and publishedAt. Changing any of them after signing breaks the signature.
 *
 * <p>Byte layout, version 1. The digest is {@code SHA-256(prefix || C(update))}, where {@code prefix} is the 27
 * ASCII bytes {@code "driftline-bundle-digest-v1"} followed by one zero byte, and {@code C} writes a value as a
 * one-byte tag and a body, integers big-endian:
 * <ul>
 *   <li>{@code 0x00} null: no body.
 *   <li>{@code 0x01} boolean: one byte, 0 or 1.
 *   <li>{@code 0x02} int or long (timestamp-millis as epoch milliseconds): 8 bytes, two's complement.
 *   <li>{@code 0x03} float or double: the IEEE 754 binary64 bits of the value as a double, 8 bytes (a float is
 *       widened first; NaN is {@code 0x7ff8000000000000}).
 *   <li>{@code 0x04} string or enum symbol: a 4-byte length, then the UTF-8 bytes.
 *   <li>{@code 0x05} bytes or fixed: a 4-byte length, then the bytes.
 *   <li>{@code 0x06} array: a 4-byte count, then {@code C} of each item in order.
 *   <li>{@code 0x07} map: a 4-byte count, then per entry, in ascending unsigned order of the key's UTF-8 bytes: a
 *       4-byte key length, the key's UTF-8 bytes, {@code C} of the value.
 *   <li>{@code 0x08} record: a 4-byte count of the fields written, then per field, in ascending order of field
 *       name: a 4-byte name length, the name's UTF-8 bytes, {@code C} of the value. A field that has a default in
 *       the schema and whose value has the same {@code C} as that default is not written, nor are the two signature
 *       fields of the top-level update.
 *   <li>A union writes its value as the branch the value belongs to; there is no branch index.
 * </ul>
 *
 * <p>Why this and not Avro binary: leaving out fields at their defaults, and ordering by name, means that a field
 * added to these schemas later (with a default, as evolution requires) leaves the digest of every bundle signed
 * before it unchanged, so a restart under a newer Driftline still verifies the bundles already on the compacted
 * topic. Anyone can recompute the digest from the layout above; {@code openssl dgst -sha256 -sign key.pem} over
 * these 32 bytes makes the same kind of signature as {@link BundleSigner}.
 */
public final class BundleDigest {

    /** The fields that hold the signature itself and are therefore not part of what is signed. */
    static final Set<String> UNSIGNED_FIELDS = Set.of("signature", "signingKeyId");

    private static final byte[] PREFIX = "driftline-bundle-digest-v1\0".getBytes(StandardCharsets.US_ASCII);

    private BundleDigest() {
    }

    /** The 32-byte content digest of {@code update}. */
    public static byte[] of(ModelUpdate update) {
        Objects.requireNonNull(update, "update");
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e); // every Java platform has it
        }
        sha256.update(PREFIX);
        sha256.update(CanonicalAvro.record(update, UNSIGNED_FIELDS));
        return sha256.digest();
    }

    /** {@link #of} as 64 lower-case hex digits. */
    public static String hex(ModelUpdate update) {
        return HexFormat.of().formatHex(of(update));
    }
}
