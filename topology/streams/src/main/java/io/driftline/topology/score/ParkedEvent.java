package io.driftline.topology.score;

import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.state.StateLayout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event parked while no champion serves its topic ({@value ScoreProcessor#PARKED_STORE}), with its record's
 * headers, which a model's filter may read. The store keeps the original bytes, not the decoded record, so a parked
 * event is decoded again exactly like a fresh one. Avro would need a registered schema for an internal store, so
 * this is a {@link StateLayout}: version 3 is version 2 followed by the headers (count, then each key and value,
 * a null value as length -1); version 2 (the layout main wrote with its own version byte 2 before the versioned
 * scheme) is key, timestamp, topic, partition, offset, raw bytes, then the enrichment (profile bytes, aggregates),
 * and reads with no headers; version 1, from before parked events kept their enrichment, reads with no profile,
 * no aggregates and no headers.
 *
 * <p>Decoded events have a null value and profile, for the caller to decode from {@code raw} and
 * {@code enrichment().profileRaw()}; the aggregates are as they were when the event was parked.
 *
 * @param headers the record's headers (read-only copy)
 */
record ParkedEvent(InputEvent event, Headers headers) {

    /** The layout of the values of {@value ScoreProcessor#PARKED_STORE}. */
    static final StateLayout<ParkedEvent> LAYOUT = StateLayout.<ParkedEvent>of(ScoreProcessor.PARKED_STORE)
            .current(3, ParkedEvent::write, body -> read(StateLayout.data(body), 3))
            .reads(2, body -> read(StateLayout.data(body), 2))
            .reads(1, body -> read(StateLayout.data(body), 1))
            .sizeHint(256)
            .build();

    ParkedEvent {
        RecordHeaders copy = new RecordHeaders();
        if (headers != null) {
            headers.forEach(copy::add);
        }
        copy.setReadOnly();
        headers = copy;
    }

    private static void write(ParkedEvent parked, DataOutputStream out) throws IOException {
        InputEvent event = parked.event();
        out.writeBoolean(event.key() != null);
        if (event.key() != null) {
            out.writeUTF(event.key());
        }
        out.writeLong(event.timestamp());
        out.writeUTF(event.topic());
        out.writeInt(event.partition());
        out.writeLong(event.offset());
        out.writeInt(event.raw().length);
        out.write(event.raw());
        Enrichment enrichment = event.enrichment();
        byte[] profile = enrichment.profileRaw();
        out.writeInt(profile == null ? -1 : profile.length);
        if (profile != null) {
            out.write(profile);
        }
        out.writeInt(enrichment.aggregates().size());
        for (Map.Entry<String, Double> aggregate : enrichment.aggregates().entrySet()) {
            out.writeUTF(aggregate.getKey());
            out.writeDouble(aggregate.getValue());
        }
        Header[] headers = parked.headers().toArray();
        out.writeInt(headers.length);
        for (Header header : headers) {
            out.writeUTF(header.key());
            out.writeInt(header.value() == null ? -1 : header.value().length);
            if (header.value() != null) {
                out.write(header.value());
            }
        }
    }

    private static ParkedEvent read(DataInputStream in, int version) throws IOException {
        String key = in.readBoolean() ? in.readUTF() : null;
        long timestamp = in.readLong();
        String topic = in.readUTF();
        int partition = in.readInt();
        long offset = in.readLong();
        byte[] raw = new byte[in.readInt()];
        in.readFully(raw);
        if (version == 1) {
            return new ParkedEvent(new InputEvent(key, null, raw, timestamp, topic, partition, offset,
                    new Enrichment(null, null, Map.of())), null);
        }
        int profileLength = in.readInt();
        byte[] profile = null;
        if (profileLength >= 0) {
            profile = new byte[profileLength];
            in.readFully(profile);
        }
        int aggregateCount = in.readInt();
        Map<String, Double> aggregates = new HashMap<>();
        for (int i = 0; i < aggregateCount; i++) {
            aggregates.put(in.readUTF(), in.readDouble());
        }
        RecordHeaders headers = new RecordHeaders();
        if (version >= 3) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                byte[] value = null;
                if (length >= 0) {
                    value = new byte[length];
                    in.readFully(value);
                }
                headers.add(name, value);
            }
        }
        return new ParkedEvent(new InputEvent(key, null, raw, timestamp, topic, partition, offset,
                new Enrichment(null, profile, aggregates)), headers);
    }
}
