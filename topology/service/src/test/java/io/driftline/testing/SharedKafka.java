package io.driftline.testing;

import io.driftline.devkit.embedded.EmbeddedKafka;

/**
 * One real broker per test JVM, started on first use (free port, temporary directory) and shared by every
 * integration test; give each test its own topic names. {@link EmbeddedKafka}'s own shutdown hook stops it and
 * deletes its data when the JVM exits.
 */
public final class SharedKafka {

    private static EmbeddedKafka kafka;
    private static RuntimeException startFailure;

    private SharedKafka() {
    }

    /** The shared broker's bootstrap servers, starting it on the first call. */
    public static synchronized String bootstrapServers() {
        if (startFailure != null) {
            // Fail each later test at once instead of waiting out another start timeout.
            throw new IllegalStateException("The shared Kafka broker failed to start earlier", startFailure);
        }
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withPort(0));
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return kafka.bootstrapServers();
    }
}
