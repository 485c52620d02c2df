package io.driftline.devkit.embedded;

import java.nio.file.Path;

/** A process that starts a broker, prints its pid and dies without any shutdown: what a kill -9 leaves. */
public final class BrokerOwner {

    private BrokerOwner() {
    }

    public static void main(String[] args) {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(Path.of(args[0]))
                .withPort(0).withControllerPort(0).withKeepData(true));
        System.out.println("BROKER_PID " + kafka.pid());
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
