package io.driftline.devkit.embedded;

/**
 * The embedded broker's main class: Kafka's own ({@code kafka.Kafka}), stopped cleanly when the process that
 * started it ends. The broker runs in a session of its own (so that Ctrl-C in a terminal reaches its owner first,
 * which stops it in order), so nothing else stops it when its owner is killed with SIGKILL or crashes: it would
 * keep the data directory and the port, and the owner's next start would fail on them until a person stopped it.
 *
 * <p>Why by hand: a JVM has no "die with the parent" option, and Linux's {@code PR_SET_PDEATHSIG} is not reachable
 * from Java; {@link ProcessHandle#onExit()} watches any process, the parent included.
 */
public final class OwnedBroker {

    private OwnedBroker() {
    }

    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(owner -> owner.onExit().thenRun(() -> {
            System.err.println("==== The process that started this broker (pid " + owner.pid()
                    + ") has ended: stopping the broker");
            System.exit(0); // runs Kafka's shutdown hook: a clean shutdown, the logs closed
        }));
        kafka.Kafka.main(args);
    }
}
