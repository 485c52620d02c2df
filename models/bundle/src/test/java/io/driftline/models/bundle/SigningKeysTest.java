package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files as openssl writes them, the key id, and clear errors for every file that is not what it should be. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadOpensslKeyFilesWithTheSameKeyIdForBothHalves() throws Exception {
        KeyPair pair = SigningKeys.readPrivateKey(SigningFixtures.file("trusted.pem"));
        List<java.security.PublicKey> pub = SigningKeys.readPublicKeys(SigningFixtures.file("trusted.pub.pem"));

        assertThat(pub).hasSize(1);
        assertThat(SigningKeys.keyId(pair.getPublic())).isEqualTo(SigningKeys.keyId(pub.get(0)));
    }

    @Test
    void shouldMakeTheKeyIdTheSha256OfThePublicKeysDer() throws Exception {
        String pem = Files.readString(SigningFixtures.file("trusted.pub.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));

        String id = SigningKeys.keyId(SigningKeys.readPublicKeys(SigningFixtures.file("trusted.pub.pem")).get(0));

        assertThat(id).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void shouldWriteKeysItReadsBackAsTheSamePair() throws Exception {
        KeyPair generated = SigningKeys.generate();
        Files.writeString(dir.resolve("key.pem"), SigningKeys.privatePem(generated));
        Files.writeString(dir.resolve("key.pub.pem"), SigningKeys.publicPem(generated.getPublic()));

        KeyPair read = SigningKeys.readPrivateKey(dir.resolve("key.pem"));

        assertThat(read.getPublic()).isEqualTo(generated.getPublic());
        assertThat(((ECPrivateKey) read.getPrivate()).getS()).isEqualTo(((ECPrivateKey) generated.getPrivate()).getS());
        assertThat(SigningKeys.readPublicKeys(dir.resolve("key.pub.pem"))).containsExactly(generated.getPublic());
        assertThat(SigningKeys.privatePem(generated)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void shouldRefuseAPrivateKeyFileWithoutItsPublicKeyNamingWhatToDo() throws Exception {
        // The JDK's own PKCS#8 encoding leaves the public key out; the key id cannot be known from it.
        KeyPair generated = SigningKeys.generate();
        Path file = write("jdk.pem", "PRIVATE KEY", generated.getPrivate().getEncoded());

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("carries no public key")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void shouldSaySec1KeysNeedConvertingToPkcs8() {
        assertThatThrownBy(() -> SigningKeys.readPrivateKey(SigningFixtures.file("sec1.pem")))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("SEC1")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void shouldRefuseEncryptedPrivateKeys() throws Exception {
        Path file = write("encrypted.pem", "ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00});

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("ENCRYPTED PRIVATE KEY").hasMessageContaining("unencrypted PKCS#8");
    }

    @Test
    void shouldRefuseAPublicKeyGivenAsThePrivateKey() {
        assertThatThrownBy(() -> SigningKeys.readPrivateKey(SigningFixtures.file("trusted.pub.pem")))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("holds no private key")
                .hasMessageContaining("this is a public key");
    }

    @Test
    void shouldRefuseKeysOnOtherCurves() {
        assertThatThrownBy(() -> SigningKeys.readPublicKeys(SigningFixtures.file("p384.pub.pem")))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("not an ECDSA P-256");
    }

    @Test
    void shouldRefuseAPrivateKeyAmongTrustedKeys() {
        assertThatThrownBy(() -> SigningKeys.readPublicKeys(SigningFixtures.file("trusted.pem")))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("holds a private key")
                .hasMessageContaining("-pubout");
    }

    @Test
    void shouldSayWhatIsWrongWithMalformedPem() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "just some text\n");
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQ=YIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n");
        Path garbage = write("garbage.pem", "PUBLIC KEY", "not a key at all".getBytes());
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> SigningKeys.readPublicKeys(notPem)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(notPem.toString()).hasMessageContaining("is not a PEM file");
        assertThatThrownBy(() -> SigningKeys.readPublicKeys(badBase64)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SigningKeys.readPublicKeys(garbage)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(garbage.toString()).hasMessageContaining("P-256");
        assertThatThrownBy(() -> SigningKeys.readPublicKeys(missing)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("cannot read key file " + missing);
    }

    @Test
    void shouldReadEveryPemFileOfADirectoryAndRefuseAnEmptyOne() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.copy(SigningFixtures.file("trusted.pub.pem"), keys.resolve("a.pem"));
        Files.copy(SigningFixtures.file("other.pub.pem"), keys.resolve("b.pem"));
        Files.writeString(keys.resolve("README.txt"), "not a key");
        Path empty = Files.createDirectory(dir.resolve("empty"));

        assertThat(TrustedKeys.load(List.of(keys)).ids()).containsExactly(SigningFixtures.trustedSigner().keyId(),
                SigningFixtures.otherSigner().keyId());
        assertThatThrownBy(() -> TrustedKeys.load(List.of(empty))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds no *.pem file");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(dir.resolve("nowhere.pem"))))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("does not exist");
    }

    private Path write(String name, String type, byte[] der) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n");
    }
}
