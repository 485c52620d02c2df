package io.driftline.topology.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of Driftline's contract: its configured name and the serdes of its keys and values.
 *
 * @param name       full topic name, prefix included
 * @param keySerde   serde of the keys
 * @param valueSerde serde of the values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
