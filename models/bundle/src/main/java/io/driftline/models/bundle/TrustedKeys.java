package io.driftline.models.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The public keys whose signatures an instance accepts on bundles, by {@link SigningKeys#keyId key id}.
 *
 * <p>The rule: with no trusted keys ({@link #none()}), signatures are not checked at all, and a bundle deploys on its
 * checksum and on who may write the model-updates topic. With trusted keys, every DEPLOY and SHADOW bundle must carry
 * a signature by one of them over its {@link BundleDigest content digest}, or it is rejected: UNSIGNED,
 * UNTRUSTED_KEY or SIGNATURE_INVALID. RETIRE records and tombstones carry no model and are not signed.
 */
public final class TrustedKeys {

    private static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = byId;
    }

    /** No trusted keys: signatures are not required, nor checked. */
    public static TrustedKeys none() {
        return NONE;
    }

    /** These public keys (P-256). */
    public static TrustedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        keys.forEach(key -> byId.put(SigningKeys.keyId(key), key));
        return new TrustedKeys(Collections.unmodifiableMap(byId));
    }

    /**
     * The public keys in PEM files: each entry is a file (one or more {@code PUBLIC KEY} blocks) or a directory,
     * whose {@code *.pem} files are read. An empty list gives {@link #none()}.
     *
     * @throws KeyFileException when an entry is missing or unreadable, a directory holds no {@code *.pem} file, or
     *     a file holds no P-256 public key (or a private key); the message names the path
     */
    public static TrustedKeys load(List<Path> entries) throws KeyFileException {
        List<PublicKey> keys = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                List<Path> files = pemFiles(entry);
                if (files.isEmpty()) {
                    throw new KeyFileException("trusted key directory " + entry + " holds no *.pem file: an empty"
                            + " directory would turn signature checks off");
                }
                for (Path file : files) {
                    keys.addAll(SigningKeys.readPublicKeys(file));
                }
            } else if (Files.exists(entry)) {
                keys.addAll(SigningKeys.readPublicKeys(entry));
            } else {
                throw new KeyFileException("trusted key file " + entry + " does not exist (working directory "
                        + Path.of("").toAbsolutePath() + ")");
            }
        }
        return keys.isEmpty() ? NONE : of(keys);
    }

    private static List<Path> pemFiles(Path dir) throws KeyFileException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pem") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new KeyFileException("cannot list trusted key directory " + dir + ": " + e, e);
        }
    }

    /** True when no key is trusted, so that signatures are not checked. */
    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The trusted key ids, in the order they were read. */
    public Set<String> ids() {
        return byId.keySet();
    }

    /**
     * Checks that a trusted key signed the bundle's content digest.
     *
     * @return the id of the key that signed it
     * @throws BundleException UNSIGNED when the bundle carries no signature, UNTRUSTED_KEY when it names no key or
     *     a key that is not trusted here, SIGNATURE_INVALID when the signature does not match the bundle's content
     *     (changed after signing) under the key it names
     * @throws IllegalStateException when there are no trusted keys (nothing to check against)
     */
    public String verify(ModelBundle bundle) throws BundleException {
        if (isEmpty()) {
            throw new IllegalStateException("no trusted keys: signatures are not checked");
        }
        String id = "model " + bundle.model() + " v" + bundle.version();
        byte[] signature = bundle.signature();
        if (signature == null) {
            throw new BundleException(BundleException.Reason.UNSIGNED, id + " is unsigned; this instance deploys only"
                    + " bundles signed by one of its " + byId.size() + " trusted keys (models.trusted.keys): publish"
                    + " with --sign <private-key.pem>");
        }
        String keyId = bundle.signingKeyId();
        if (keyId == null) {
            throw new BundleException(BundleException.Reason.UNTRUSTED_KEY, id + " carries a signature but no"
                    + " signingKeyId, so no trusted key can be chosen to check it");
        }
        PublicKey key = byId.get(keyId);
        if (key == null) {
            throw new BundleException(BundleException.Reason.UNTRUSTED_KEY, id + " is signed by key " + keyId
                    + ", which is not trusted here; trusted keys (models.trusted.keys): " + byId.keySet());
        }
        if (!matches(key, BundleDigest.of(bundle.toUpdate()), signature)) {
            throw new BundleException(BundleException.Reason.SIGNATURE_INVALID, id + ": the signature by trusted key "
                    + keyId + " does not match the bundle's content: it was changed after signing (or signed over"
                    + " other content)");
        }
        return keyId;
    }

    private static boolean matches(PublicKey key, byte[] digest, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(digest);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a signature that is not even DER is as invalid as a wrong one
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedKeys other && byId.keySet().equals(other.byId.keySet());
    }

    @Override
    public int hashCode() {
        return byId.keySet().hashCode();
    }

    @Override
    public String toString() {
        return byId.isEmpty() ? "TrustedKeys[none]" : "TrustedKeys" + byId.keySet();
    }
}
