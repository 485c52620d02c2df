package io.driftline.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test certificate authority, a server key store whose P-256 key has a certificate for localhost and 127.0.0.1
 * signed by that CA (the chain in the store), and a trust store holding only the CA's certificate, all PKCS12, made
 * by the JDK's own keytool: what a test of a TLS endpoint serves and what its clients trust.
 */
public final class TestCertificates {

    /** The stores made, and their password. */
    public record Stores(Path keyStore, Path trustStore, String password) {
    }

    private TestCertificates() {
    }

    /** Makes the two stores in {@code dir}. */
    public static Stores make(Path dir) throws IOException, InterruptedException {
        String password = "store-pass";
        Path caStore = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path keyStore = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path cert = dir.resolve("server.crt");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Driftline test CA", "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", caStore.toString(), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", password,
                "-file", caCert.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password);
        keytool("-certreq", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", password,
                "-infile", request.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        // The chain: the CA first (so that keytool accepts the reply), then the CA-signed certificate.
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                keyStore.toString(), "-storepass", password);
        keytool("-importcert", "-alias", "server", "-file", cert.toString(), "-keystore", keyStore.toString(),
                "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", password);
        return new Stores(keyStore, trustStore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
