package io.driftline.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.cli.DevCli;
import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code demo --external} against a broker whose clients must use SASL_SSL (a keytool certificate, a SCRAM user)
 * and a registry behind basic authentication, the credentials in one {@code --client-config} file: the demo's
 * service, generator and watchers all reach them, and predictions flow.
 */
class SecureDemoIT {

    @Test
    void shouldRunExternalAgainstASaslSslBrokerAndARegistryBehindBasicAuth(@TempDir Path dir) throws Exception {
        TestCertificates.Stores stores = TestCertificates.make(dir);
        EmbeddedKafka.SaslSsl sasl = new EmbeddedKafka.SaslSsl(stores.keyStore(), stores.trustStore(),
                stores.password(), "demo", "demo-secret");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withPort(0)
                .withSaslSsl(sasl));
                DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null, "reg:reg-secret")) {
            Map<String, Object> client = sasl.clientConfig(kafka.saslSslBootstrapServers(), "demo-secret");
            Path properties = dir.resolve("client.properties");
            Files.writeString(properties, client.entrySet().stream()
                    .filter(e -> !e.getKey().equals("bootstrap.servers"))
                    .map(e -> e.getKey() + "=" + e.getValue().toString().replace("\\", "\\\\"))
                    .collect(Collectors.joining("\n")) + "\nbasic.auth.user.info=reg:reg-secret\n");
            StringWriter console = new StringWriter();
            CommandLine demo = DevCli.commandLine();
            demo.setOut(new PrintWriter(console, true));
            demo.setErr(new PrintWriter(console, true));

            int exit = demo.execute("demo", "--external", "--bootstrap-servers", kafka.saslSslBootstrapServers(),
                    "--schema-registry-url", registry.url(), "--client-config", properties.toString(),
                    "--http-port", "0", "--data-dir", dir.resolve("data").toString(), "--rate", "50",
                    "--warm-up", "0s", "--duration", "25s", "--report-every", "5s");

            String out = console.toString();
            assertThat(exit).as(out).isZero();
            assertThat(out).contains("Driftline demo is running")
                    .containsPattern("Stopped\\. [0-9,]+ events sent, [1-9][0-9,]* predictions read");
        }
    }
}
