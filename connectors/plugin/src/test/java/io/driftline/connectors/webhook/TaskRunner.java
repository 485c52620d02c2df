package io.driftline.connectors.webhook;

import java.util.HashMap;
import java.util.Map;

/** Starts tasks the way a worker would, with quick retries unless a test says otherwise. */
final class TaskRunner {

    private TaskRunner() {
    }

    /** Settings for the given URLs (comma-separated) with 1 to 5 ms back-off, plus the overrides. */
    static Map<String, String> props(String urls, String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(AlertWebhookConfig.URLS, urls);
        props.put(AlertWebhookConfig.RETRY_BACKOFF_MS, "1");
        props.put(AlertWebhookConfig.RETRY_BACKOFF_MAX_MS, "5");
        props.put(AlertWebhookConfig.TIMEOUT_MS, "2000");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return props;
    }

    static AlertWebhookSinkTask start(RecordingSinkTaskContext context, Map<String, String> props) {
        AlertWebhookSinkTask task = new AlertWebhookSinkTask();
        task.initialize(context);
        task.start(props);
        return task;
    }
}
