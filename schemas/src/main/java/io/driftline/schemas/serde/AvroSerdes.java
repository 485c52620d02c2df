package io.driftline.schemas.serde;

import io.driftline.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Configured Confluent-wire-format Avro serdes for generated classes and generic records. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A serde for a generated class with its own registry client from {@code config}. */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        return specific(type, null, config, isKey);
    }

    /** A serde for a generated class sharing {@code client} (not closed by the serde). */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                               Map<String, ?> config, boolean isKey) {
        Serde<T> serde = Serdes.serdeFrom(new AvroSerializer<>(client), new AvroDeserializer<>(type, client));
        serde.configure(config, isKey);
        return serde;
    }

    /** A serde for generic records with its own registry client from {@code config}. */
    public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        return generic(null, config, isKey);
    }

    /** A serde for generic records sharing {@code client} (not closed by the serde). */
    public static Serde<GenericRecord> generic(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        Serde<GenericRecord> serde = Serdes.serdeFrom(new AvroSerializer<>(client),
                new AvroDeserializer<GenericRecord>(null, client));
        serde.configure(config, isKey);
        return serde;
    }
}
