package io.driftline.models.bundle;

import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;

/** The openssl-made key files and signature under {@code src/test/resources/signing} (see make-fixtures.sh there). */
final class SigningFixtures {

    private SigningFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(SigningFixtures.class.getResource("/signing/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource signing/" + name, e);
        }
    }

    /** The update whose canonical bytes make-fixtures.sh writes out by hand. */
    static ModelUpdate retire() {
        return ModelUpdate.newBuilder().setModel("fraud").setVersion("1").setAction(ModelAction.RETIRE)
                .setPublishedAt(Instant.parse("2026-11-23T10:00:00Z")).build();
    }

    static BundleSigner trustedSigner() throws KeyFileException {
        return BundleSigner.fromPem(file("trusted.pem"));
    }

    static BundleSigner otherSigner() throws KeyFileException {
        return BundleSigner.fromPem(file("other.pem"));
    }

    static TrustedKeys trusted() throws KeyFileException {
        return TrustedKeys.load(java.util.List.of(file("trusted.pub.pem")));
    }
}
