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

    private static final Map<SchemaPair, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Schema AGGREGATES_SCHEMA = Schema.createMap(Schema.create(Schema.Type.DOUBLE));

    private EnrichedView() {
    }

    static GenericRecord of(GenericRecord event, Enrichment enrichment) {
        if (event == null || enrichment.isEmpty()) {
            return event;
        }
        GenericRecord profile = enrichment.profile();
        Schema schema = SCHEMAS.computeIfAbsent(new SchemaPair(event.getSchema(),
                profile == null ? null : profile.getSchema()), EnrichedView::viewSchema);
        GenericData.Record view = new GenericData.Record(schema);
        List<Schema.Field> eventFields = event.getSchema().getFields();
        for (int i = 0; i < eventFields.size(); i++) {
            Schema.Field field = schema.getField(eventFields.get(i).name());
            if (field != null) {
                view.put(field.pos(), event.get(i));
            }
        }
        view.put(PROFILE, profile);
        view.put(AGGREGATES, enrichment.aggregates());
        return view;
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
