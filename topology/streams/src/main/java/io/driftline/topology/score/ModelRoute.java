package io.driftline.topology.score;

import io.driftline.EventFilter;
import io.driftline.ModelManifest;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Which events a model scores and where its predictions go, from its manifest: the input topics (the service's
 * events topic when it names none), an optional filter on a field of the event or a header of the record, and the
 * output topic (the service's predictions topic when it names none). Topic names in a manifest are relative to the
 * service's topic prefix, like every other topic of the service, so that one manifest serves every environment.
 *
 * @param inputTopics  full names of the topics the model reads
 * @param outputTopic  full name of the topic its predictions (champion and shadows) go to
 * @param filterField  the field the filter reads (compiled: read on every event), or null
 * @param filterHeader name of the header the filter reads, or null
 * @param filterValues the values that select an event; empty when there is no filter
 */
public record ModelRoute(Set<String> inputTopics, String outputTopic, EventField filterField, String filterHeader,
                         Set<String> filterValues) {

    public ModelRoute {
        inputTopics = Set.copyOf(inputTopics);
        filterValues = Set.copyOf(filterValues);
    }

    /** The route a manifest declares, its topic names resolved behind the service's prefix. */
    public static ModelRoute of(ModelManifest manifest, TopicNames names) {
        List<String> declared = manifest.getInputTopics() == null ? List.of() : manifest.getInputTopics();
        Set<String> inputs = new LinkedHashSet<>();
        if (declared.isEmpty()) {
            inputs.add(names.eventsTopic());
        } else {
            declared.forEach(t -> inputs.add(names.prefix() + t));
        }
        String output = manifest.getOutputTopic() == null ? names.predictionsTopic()
                : names.prefix() + manifest.getOutputTopic();
        EventFilter filter = manifest.getFilter();
        if (filter == null) {
            return new ModelRoute(inputs, output, null, null, Set.of());
        }
        return new ModelRoute(inputs, output, filter.getField() == null ? null : EventField.of(filter.getField()),
                filter.getHeader(), Set.copyOf(filter.getValues()));
    }

    /** True when the model reads {@code topic} (whatever its filter says of a given event). */
    public boolean reads(String topic) {
        return inputTopics.contains(topic);
    }

    /**
     * True when the model scores this event of one of its topics: no filter, or the filtered field (as text) or
     * header (as UTF-8 text) has one of the values. An absent field or header selects nothing.
     */
    public boolean selects(InputEvent event, Headers headers) {
        if (filterField != null) {
            Object value = filterField.get(event.value());
            return value != null && filterValues.contains(value.toString());
        }
        if (filterHeader != null) {
            Header header = headers == null ? null : headers.lastHeader(filterHeader);
            return header != null && header.value() != null
                    && filterValues.contains(new String(header.value(), StandardCharsets.UTF_8));
        }
        return true;
    }
}
