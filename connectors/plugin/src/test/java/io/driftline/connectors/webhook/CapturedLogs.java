package io.driftline.connectors.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything this package logs, and what Kafka's config classes log about it (AbstractConfig logs every value),
 * at every level, while open: to check that no log line shows a secret.
 */
final class CapturedLogs implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("io.driftline.connectors.webhook",
            "org.apache.kafka.common.config");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = LoggerContext.getContext(false);
    private final AbstractAppender appender;

    CapturedLogs() {
        appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Throwable thrown = event.getThrown();
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
                        + (thrown == null ? "" : " " + thrown));
            }
        };
        appender.start();
        Configuration config = context.getConfiguration();
        for (String name : LOGGERS) {
            LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(name).withLevel(Level.ALL)
                    .withAdditivity(false).withConfig(config).build();
            logger.addAppender(appender, Level.ALL, null);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LOGGERS.forEach(context.getConfiguration()::removeLogger);
        context.updateLoggers();
        appender.stop();
    }
}
