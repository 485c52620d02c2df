package io.driftline.connectors.avro;

import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroDeserializer;
import io.driftline.schemas.serde.AvroSerdeConfig;
import io.driftline.schemas.serde.AvroSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect {@link Converter} for Avro in the Confluent wire format (magic byte, 4-byte schema id, Avro binary),
 * through Driftline's own Schema Registry client and serdes: Confluent's converter is not on Maven Central.
 *
 * <p>Configured as {@code value.converter=io.driftline.connectors.avro.DriftlineAvroConverter} with
 * {@code value.converter.schema.registry.url} (and, where the registry wants it,
 * {@code value.converter.basic.auth.user.info}); every key of {@link AvroSerdeConfig} and of
 * {@link RestSchemaRegistryClient} is passed through. Reading, the writer schema comes from the registry by the id
 * in the bytes and becomes a Connect schema as {@link AvroConnectData} maps it. Writing, a value whose schema this
 * converter made is written with the Avro schema it came from, so Driftline's records go out byte for byte as they
 * came in; other Connect schemas are mapped to Avro and registered under the topic's subject
 * ({@code auto.register.schemas}, true by default as Confluent's converter does).
 */
public final class DriftlineAvroConverter implements Converter {

    private final AvroConnectData data = new AvroConnectData();
    private SchemaRegistryClient client;
    private AvroSerializer<Object> serializer;
    private AvroDeserializer<Object> deserializer;
    private boolean isKey;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        Map<String, Object> serdeConfig = new HashMap<>(configs);
        serdeConfig.putIfAbsent(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        // Connect wants plain generic values to map; generated classes are not on a worker's classpath.
        serdeConfig.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
        if (!serdeConfig.containsKey(RestSchemaRegistryClient.URL_CONFIG)) {
            throw new org.apache.kafka.common.config.ConfigException(RestSchemaRegistryClient.URL_CONFIG, null,
                    "DriftlineAvroConverter needs the Schema Registry's address: set "
                            + (isKey ? "key" : "value") + ".converter." + RestSchemaRegistryClient.URL_CONFIG);
        }
        client = RestSchemaRegistryClient.create(serdeConfig);
        serializer = new AvroSerializer<>(client);
        serializer.configure(serdeConfig, isKey);
        deserializer = new AvroDeserializer<>(null, client);
        deserializer.configure(serdeConfig, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("DriftlineAvroConverter writes only values with a schema (topic " + topic + ")");
        }
        try {
            org.apache.avro.Schema avro = data.avroSchema(schema);
            Object avroValue = data.avroValue(avro, schema, value);
            if (!(avroValue instanceof GenericContainer) && avro.getType() != org.apache.avro.Schema.Type.UNION
                    && !isPrimitive(avro)) {
                throw new DataException("Cannot write a top-level Avro " + avro.getType() + " for topic " + topic);
            }
            return serializer.serialize(topic, avroValue);
        } catch (SerializationException | ClassCastException e) {
            throw new DataException("Cannot convert a Connect " + (isKey ? "key" : "value") + " to Avro for topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPrimitive(org.apache.avro.Schema avro) {
        return switch (avro.getType()) {
            case STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, BYTES -> true;
            default -> false;
        };
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            Object avroValue = deserializer.deserialize(topic, value);
            org.apache.avro.Schema writer = client.schemaById(io.driftline.schemas.serde.WireFormat.schemaId(value));
            Schema connect = data.connectSchema(writer);
            return new SchemaAndValue(connect, data.connectValue(connect, writer, avroValue));
        } catch (SerializationException e) {
            throw new DataException("Cannot read Avro " + (isKey ? "key" : "value") + " of topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(RestSchemaRegistryClient.URL_CONFIG, ConfigDef.Type.LIST, ConfigDef.Importance.HIGH,
                        "Schema Registry URLs (Confluent REST API)")
                .define(RestSchemaRegistryClient.BASIC_AUTH_USER_INFO_CONFIG, ConfigDef.Type.PASSWORD, null,
                        ConfigDef.Importance.MEDIUM, "user:password for the registry's basic authentication")
                .define(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, ConfigDef.Type.BOOLEAN, true,
                        ConfigDef.Importance.MEDIUM, "Register the schemas of values this converter writes");
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
