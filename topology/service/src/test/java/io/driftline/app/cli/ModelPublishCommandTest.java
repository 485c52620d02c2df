package io.driftline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.models.bundle.BundleSigner;
import io.driftline.models.bundle.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model publish} in the service jar alone: no dev kit on the class path, as in the Docker image. */
class ModelPublishCommandTest {

    @Test
    void shouldSayThatTheDemoModelNeedsTheDevKitInsteadOfFailingWithAStackTrace() {
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("model", "publish", "--demo", "--version", "2",
                "--bootstrap-servers", "localhost:1", "--schema-registry-url", "http://localhost:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--demo needs the dev kit").contains("--onnx and --manifest")
                .doesNotContain("Exception");
    }

    @Test
    void shouldCheckTheManifestAgainstItsSchemaBeforeAnythingElseAndNameTheField(@TempDir Path dir) throws Exception {
        Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"features\": [{\"name\": \"amount\","
                + " \"field\": \"amount\"}, {\"name\": \"country\", \"field\": \"country\", \"type\": \"TEXT\"}],"
                + " \"output\": {\"kind\": \"BINARY\", \"colour\": \"red\"}}");
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        // The ONNX file does not exist and no broker listens: the manifest is what fails, first, and nothing is sent.
        int exit = cli.execute("model", "publish", "--version", "2", "--onnx", dir.resolve("absent.onnx").toString(),
                "--manifest", manifest.toString(), "--bootstrap-servers", "localhost:1", "--wait");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("Not published: " + manifest + " does not match the manifest schema")
                .contains("features[1].type: does not have a value in the enumeration [\"NUMERIC\", \"CATEGORICAL\"]")
                .contains("output.colour: ").doesNotContain("absent.onnx").doesNotContain("Exception");
    }

    @Test
    void shouldNotSendABundleThatFailsVerificationHere(@TempDir Path dir) throws Exception {
        Path onnx = Files.write(dir.resolve("model.onnx"), "not an ONNX graph".getBytes(StandardCharsets.UTF_8));
        Path manifest = Files.writeString(dir.resolve("manifest.json"),
                "{\"features\": [{\"name\": \"amount\", \"field\": \"amount\"}], \"output\": {}}");
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        long started = System.nanoTime();
        int exit = cli.execute("model", "publish", "--version", "2", "--onnx", onnx.toString(),
                "--manifest", manifest.toString(), "--bootstrap-servers", "localhost:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Not published: fraud v2 fails verification (ONNX_LOAD_FAILED)");
        // A send to localhost:1 would have waited out the producer's timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldWriteAKeyPairReadableByItsOwnerAloneAndNeverReplaceIt(@TempDir Path dir) throws Exception {
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("model", "keygen", "--out", dir.resolve("keys").toString());
        int again = cli.execute("model", "keygen", "--out", dir.resolve("keys").toString());

        Path privateKey = dir.resolve("keys/bundle-signing.pem");
        Path publicKey = dir.resolve("keys/bundle-signing.pub.pem");
        String keyId = SigningKeys.keyId(SigningKeys.readPublicKeys(publicKey).get(0));
        assertThat(exit).isEqualTo(0);
        assertThat(out.toString()).contains("Key id " + keyId, "--sign " + privateKey, "models.trusted.keys=" + publicKey);
        assertThat(BundleSigner.fromPem(privateKey).keyId()).isEqualTo(keyId);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        assertThat(again).isEqualTo(1);
        assertThat(err.toString()).contains("exists; keygen never replaces a key");
        assertThat(BundleSigner.fromPem(privateKey).keyId()).as("the first key is still there").isEqualTo(keyId);
    }

    @Test
    void shouldRefuseASigningKeyThatIsNotAPrivateKeyBeforeAnythingElse(@TempDir Path dir) throws Exception {
        Path publicKey = Files.writeString(dir.resolve("key.pub.pem"),
                SigningKeys.publicPem(SigningKeys.generate().getPublic()));
        CommandLine cli = DriftlineCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("model", "publish", "--version", "2", "--onnx", dir.resolve("absent.onnx").toString(),
                "--manifest", dir.resolve("absent.json").toString(), "--sign", publicKey.toString(),
                "--bootstrap-servers", "localhost:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Cannot sign: " + publicKey + " holds no private key")
                .doesNotContain("absent").doesNotContain("Exception");
    }

    @Test
    void shouldVerifyTheSignatureHereAsInstancesThatTrustTheKeyWill(@TempDir Path dir) throws Exception {
        Path onnx = Files.write(dir.resolve("model.onnx"), "not an ONNX graph".getBytes(StandardCharsets.UTF_8));
        Path manifest = Files.writeString(dir.resolve("manifest.json"),
                "{\"features\": [{\"name\": \"amount\", \"field\": \"amount\"}], \"output\": {}}");
        KeyPair keys = SigningKeys.generate();
        Path privateKey = Files.writeString(dir.resolve("key.pem"), SigningKeys.privatePem(keys));
        Path trusted = Files.writeString(dir.resolve("key.pub.pem"), SigningKeys.publicPem(keys.getPublic()));
        String[] publish = {"model", "publish", "--version", "2", "--onnx", onnx.toString(), "--manifest",
            manifest.toString(), "-p", "models.trusted.keys=" + trusted, "--bootstrap-servers", "localhost:1"};

        StringWriter unsignedErr = new StringWriter();
        CommandLine unsigned = DriftlineCli.commandLine().setErr(new PrintWriter(unsignedErr, true));
        int unsignedExit = unsigned.execute(publish);
        StringWriter signedOut = new StringWriter();
        StringWriter signedErr = new StringWriter();
        CommandLine signed = DriftlineCli.commandLine().setOut(new PrintWriter(signedOut, true))
                .setErr(new PrintWriter(signedErr, true));
        List<String> withSign = new ArrayList<>(List.of(publish));
        withSign.addAll(List.of("--sign", privateKey.toString()));
        int signedExit = signed.execute(withSign.toArray(String[]::new));

        assertThat(unsignedExit).isEqualTo(1);
        assertThat(unsignedErr.toString()).contains("fails verification (UNSIGNED)");
        // Signed, the bundle gets past the signature check to the next one, which this graph fails.
        assertThat(signedExit).isEqualTo(1);
        assertThat(signedOut.toString()).contains("Signed with key " + SigningKeys.keyId(keys.getPublic()));
        assertThat(signedErr.toString()).contains("fails verification (ONNX_LOAD_FAILED)");
    }

    @Test
    void shouldOfferOnlyTheServicesCommands() {
        assertThat(DriftlineCli.commandLine().getSubcommands().keySet()).containsExactlyInAnyOrder("run", "model");
    }
}
