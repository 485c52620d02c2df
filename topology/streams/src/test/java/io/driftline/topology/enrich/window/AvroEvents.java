package io.driftline.topology.enrich.window;

import io.driftline.topology.ingest.InputEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Events for the stage's tests: self-describing Avro (a data file of one record), so each may have its own schema. */
final class AvroEvents {

    private AvroEvents() {
    }

    /** The "events" topic decoded into input events by a node named {@code decodeNode}. */
    static KStream<String, InputEvent> source(StreamsBuilder builder, String decodeNode) {
        return builder.stream("events", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new ContextualFixedKeyProcessor<String, byte[], InputEvent>() {
                    @Override
                    public void process(FixedKeyRecord<String, byte[]> record) {
                        RecordMetadata meta = context().recordMetadata().orElseThrow();
                        context().forward(record.withValue(new InputEvent(record.key(), fromAvro(record.value()),
                                record.value(), record.timestamp(), meta.topic(), meta.partition(), meta.offset())));
                    }
                }, Named.as(decodeNode));
    }

    static byte[] avro(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(record.getSchema()))) {
            writer.create(record.getSchema(), out);
            writer.append(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static GenericRecord fromAvro(byte[] bytes) {
        try (DataFileStream<GenericRecord> in = new DataFileStream<>(new ByteArrayInputStream(bytes),
                new GenericDatumReader<>())) {
            return in.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
