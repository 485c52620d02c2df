package io.driftline.devkit.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The record that training reads features from, shaped as Driftline's enrich stage shapes it at serving time
 * ({@code topology.ingest.EnrichedView}): the event's own fields, then {@code profile} (the card's profile) and
 * {@code agg} (window aggregates by name). So the manifest's paths ({@code profile.creditLimit},
 * {@code agg.txn_count_10m}) resolve in training exactly as they do in the service.
 */
final class DemoView {

    static final String PROFILE = "profile";
    static final String AGGREGATES = "agg";

    private static final Schema AGGREGATES_SCHEMA = Schema.createMap(Schema.create(Schema.Type.DOUBLE));
    private static final Schema SCHEMA = schema(Transactions.schema(), CardPopulation.schema());

    private DemoView() {
    }

    /** A view of a demo transaction with its card's profile (or null) and its aggregates. */
    static GenericRecord of(GenericRecord transaction, GenericRecord profile, Map<String, Double> aggregates) {
        if (transaction.getSchema() != Transactions.schema()) {
            throw new IllegalArgumentException("not a demo transaction: " + transaction.getSchema().getFullName());
        }
        GenericData.Record view = new GenericData.Record(SCHEMA);
        for (Schema.Field f : transaction.getSchema().getFields()) {
            view.put(f.name(), transaction.get(f.pos()));
        }
        view.put(PROFILE, profile);
        view.put(AGGREGATES, aggregates);
        return view;
    }

    private static Schema schema(Schema event, Schema profile) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : event.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(PROFILE, Schema.createUnion(Schema.create(Schema.Type.NULL), profile),
                "joined entity profile", null));
        fields.add(new Schema.Field(AGGREGATES, AGGREGATES_SCHEMA, "window aggregates by name", null));
        return Schema.createRecord(event.getName() + "Enriched", "event enriched by Driftline", event.getNamespace(),
                false, fields);
    }
}
