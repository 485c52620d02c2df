package io.driftline.topology.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The record a model's features are read from: the event's own fields, then {@code profile} (the joined profile
 * record, or null) and {@code agg} (a map of window aggregates), so that a manifest path reads {@code amount},
 * {@code profile.creditLimit} or {@code agg.txn_count_10m}. An event field named {@code profile} or {@code agg}
 * is hidden by the enrichment of that name.
 *
 * <p>The view's schema is derived once per pair of event and profile schema (writers reuse schema objects, so
 * the cache key is identity) and the values are copied by reference: one small array per event.
 */
final class EnrichedView {

    static final String PROFILE = "profile";
    static final String AGGREGATES = "agg";

    private record SchemaPair(Schema event, Schema profile) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SchemaPair p && p.event == event && p.profile == profile;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(event) * 31 + System.identityHashCode(profile);
        }
    }

    /**
     * A view schema and where each event field lands in it ({@code -1}: hidden by an enrichment of its name), so
     * that an event costs no field lookup by name.
     */
    private record Layout(Schema event, Schema profile, Schema view, int[] positions, int profilePos, int aggPos) {
    }

    private static final Map<SchemaPair, Layout> LAYOUTS = new ConcurrentHashMap<>();
    private static final Schema AGGREGATES_SCHEMA = Schema.createMap(Schema.create(Schema.Type.DOUBLE));
    /** The layout used last: events of one schema in a row (the usual case) skip the map lookup and its key. */
    private static volatile Layout last;

    private EnrichedView() {
    }

    static GenericRecord of(GenericRecord event, Enrichment enrichment) {
        if (event == null || enrichment.isEmpty()) {
            return event;
        }
        GenericRecord profile = enrichment.profile();
        Schema eventSchema = event.getSchema();
        Schema profileSchema = profile == null ? null : profile.getSchema();
        Layout layout = last;
        if (layout == null || layout.event() != eventSchema || layout.profile() != profileSchema) {
            layout = LAYOUTS.computeIfAbsent(new SchemaPair(eventSchema, profileSchema), EnrichedView::layout);
            last = layout;
        }
        GenericData.Record view = new GenericData.Record(layout.view());
        int[] positions = layout.positions();
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] >= 0) {
                view.put(positions[i], event.get(i));
            }
        }
        view.put(layout.profilePos(), profile);
        view.put(layout.aggPos(), enrichment.aggregates());
        return view;
    }

    private static Layout layout(SchemaPair pair) {
        Schema view = viewSchema(pair);
        List<Schema.Field> eventFields = pair.event().getFields();
        int[] positions = new int[eventFields.size()];
        for (int i = 0; i < positions.length; i++) {
            String name = eventFields.get(i).name();
            Schema.Field field = name.equals(PROFILE) || name.equals(AGGREGATES) ? null : view.getField(name);
            positions[i] = field == null ? -1 : field.pos();
        }
        return new Layout(pair.event(), pair.profile(), view, positions, view.getField(PROFILE).pos(),
                view.getField(AGGREGATES).pos());
    }

    private static Schema viewSchema(SchemaPair pair) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : pair.event().getFields()) {
            if (!f.name().equals(PROFILE) && !f.name().equals(AGGREGATES)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema profile = pair.profile() == null ? Schema.create(Schema.Type.NULL)
                : Schema.createUnion(Schema.create(Schema.Type.NULL), pair.profile());
        fields.add(new Schema.Field(PROFILE, profile, "joined entity profile", null));
        fields.add(new Schema.Field(AGGREGATES, AGGREGATES_SCHEMA, "window aggregates by name", null));
        Schema event = pair.event();
        return Schema.createRecord(event.getName() + "Enriched", "event enriched by Driftline", event.getNamespace(),
                false, fields);
    }
}
