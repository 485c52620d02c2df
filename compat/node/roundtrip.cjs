// Reads Driftline-written bytes with Confluent's official JavaScript serdes, and writes the same value back
// with them, against a registry URL. Used by ConfluentJsCompatTest; prints one JSON object on stdout.
// Usage: node roundtrip.cjs <registry-url> <topic> <hex-of-framed-value>
const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = require('@confluentinc/schemaregistry');

async function main() {
  const [url, topic, hex] = process.argv.slice(2);
  const registry = new SchemaRegistryClient({ baseURLs: [url] });
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const value = await deserializer.deserialize(topic, Buffer.from(hex, 'hex'));
  // Write it again with the subject's latest schema, as a Confluent producer configured that way would.
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const bytes = await serializer.serialize(topic, value);
  const latest = await registry.getLatestSchemaMetadata(topic + '-value');
  process.stdout.write(JSON.stringify({
    value,
    rewritten: Buffer.from(bytes).toString('hex'),
    latestId: latest.id,
    latestVersion: latest.version,
    subjects: await registry.getAllSubjects(),
  }, (k, v) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v)) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
