package io.driftline.topology.retrain;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.FeatureEvidence;
import io.driftline.MetricResult;
import io.driftline.RetrainRequest;
import io.driftline.topology.state.StateLayout;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Retrain requests from sustained data drift or falling performance on labelled predictions (see
 * {@link RetrainPolicy}): a request once a model's windows have shown either for the policy's number of windows, then again only after the cooldown while it lasts. Each carries the drifted
 * features' evidence and the range of data to retrain on (from the first drifted window of the episode to the
 * last). The request id is derived from the model, version, episode start and window (deterministic), and the
 * state is changelogged, so a restart neither repeats nor loses a request. Keyed by model.
 */
public final class RetrainStage {

    /** Per model: consecutive drifted windows, the episode's first window start, the last request's window end. */
    public static final String STORE = "retrain-state";
    /** The evidence entry of fallen performance metrics. */
    public static final String PERFORMANCE = "performance";

    private RetrainStage() {
    }

    public static KStream<String, RetrainRequest> requests(StreamsBuilder builder, KStream<String, DriftReport> reports,
                                                          RetrainPolicy policy) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                State.LAYOUT));
        return reports.process(() -> new Requester(policy), Named.as("retrain-requests"), STORE);
    }

    /** The layout of the values of {@value #STORE} (one {@code State} per model), for tools and restore tests. */
    public static StateLayout<?> stateLayout() {
        return State.LAYOUT;
    }

    /**
     * Consecutive drifted windows, episode start and last request (window end; Long.MIN_VALUE when none). Stored in
     * {@link #LAYOUT}: version 1 is the version byte then the fixed 20 bytes (drifted, episode start, last request
     * end); the same 20 bytes stored bare before the versioned scheme are recognised by their length.
     */
    record State(int drifted, long episodeStart, long lastRequestEnd) {
        static final State NONE = new State(0, 0, Long.MIN_VALUE);

        /** The layout of the values of {@value RetrainStage#STORE}. */
        static final StateLayout<State> LAYOUT = StateLayout.<State>of(STORE)
                .current(1, (state, out) -> {
                    out.writeInt(state.drifted);
                    out.writeLong(state.episodeStart);
                    out.writeLong(state.lastRequestEnd);
                }, State::readBody)
                .unversioned(bytes -> bytes.length == 20, State::readBody)
                .sizeHint(21)
                .build();

        private static State readBody(ByteBuffer in) {
            return new State(in.getInt(), in.getLong(), in.getLong());
        }
    }

    private static final class Requester extends ContextualProcessor<String, DriftReport, String, RetrainRequest> {

        private final RetrainPolicy policy;
        private KeyValueStore<String, State> store;

        Requester(RetrainPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void init(ProcessorContext<String, RetrainRequest> context) {
            super.init(context);
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, DriftReport> record) {
            DriftReport report = record.value();
            if (report == null || report.getShadow()) {
                return; // shadows are not retrained
            }
            List<MetricResult> judged = report.getPerformance().stream().filter(m -> !Double.isNaN(m.getThreshold()))
                    .toList();
            if (!report.getSufficientSample() && judged.isEmpty()) {
                return; // windows without a verdict are no evidence either way
            }
            String model = report.getModel();
            State state = Objects.requireNonNullElse(store.get(model), State.NONE);
            long start = report.getWindowStart().toEpochMilli();
            long end = report.getWindowEnd().toEpochMilli();
            List<FeatureDrift> drifted = report.getSufficientSample()
                    ? report.getFeatures().stream().filter(FeatureDrift::getDrifted).toList() : List.of();
            List<MetricResult> fallen = judged.stream().filter(MetricResult::getDrifted).toList();
            if (drifted.isEmpty() && fallen.isEmpty()) {
                store.put(model, new State(0, 0, state.lastRequestEnd()));
                return;
            }
            State next = new State(state.drifted() + 1, state.drifted() == 0 ? start : state.episodeStart(),
                    state.lastRequestEnd());
            boolean cooled = state.lastRequestEnd() == Long.MIN_VALUE
                    || end - state.lastRequestEnd() >= policy.cooldown().toMillis();
            if (next.drifted() >= policy.afterWindows() && cooled) {
                context().forward(new Record<>(model, request(report, drifted, fallen, next), record.timestamp()));
                next = new State(next.drifted(), next.episodeStart(), end);
            }
            store.put(model, next);
        }

        private RetrainRequest request(DriftReport report, List<FeatureDrift> drifted, List<MetricResult> fallen,
                                       State state) {
            List<FeatureEvidence> evidence = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (FeatureDrift feature : drifted) {
                names.add(feature.getFeature());
                List<MetricResult> metrics = feature.getMetrics().stream().filter(MetricResult::getDrifted).toList();
                evidence.add(FeatureEvidence.newBuilder().setFeature(feature.getFeature()).setMetrics(metrics).build());
            }
            List<String> reasons = new ArrayList<>();
            if (!names.isEmpty()) {
                reasons.add("DATA_DRIFT in the last window, " + state.drifted() + " consecutive windows of drift or "
                        + "falling performance, in " + String.join(", ", names));
            }
            if (!fallen.isEmpty()) {
                evidence.add(FeatureEvidence.newBuilder().setFeature(PERFORMANCE).setMetrics(fallen).build());
                reasons.add("PERFORMANCE fell in the last window, " + state.drifted() + " consecutive windows of drift "
                        + "or falling performance: " + fallen.stream().map(m -> String.format(Locale.ROOT,
                        "%s %.4g past %.4g", m.getMetric(), m.getValue(), m.getThreshold()))
                        .collect(Collectors.joining(", ")));
            }
            return RetrainRequest.newBuilder()
                    .setRequestId(report.getModel() + "|" + report.getModelVersion() + "|" + state.episodeStart() + "|"
                            + report.getWindowEnd().toEpochMilli())
                    .setModel(report.getModel()).setModelVersion(report.getModelVersion())
                    .setReasons(reasons)
                    .setDriftedFeatures(evidence)
                    .setDataWindowStart(Instant.ofEpochMilli(state.episodeStart()))
                    .setDataWindowEnd(report.getWindowEnd())
                    .setCreatedAt(report.getCreatedAt())
                    .build();
        }
    }
}
