// Confluent's own JavaScript Schema Registry client and Avro serde against Tillstream's registry.
// Run by ConfluentClientConformanceIT:
//   node conformance.cjs <registry url> write        registers, looks up, checks compatibility,
//                                                      serializes a sale; prints one JSON line
//   node conformance.cjs <registry url> read <hex>   deserializes a value; prints it as JSON
'use strict';
const fs = require('fs');
const path = require('path');
const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = require('@confluentinc/schemaregistry');

const TOPIC = 'conformance-sales';
const SUBJECT = TOPIC + '-value';
const avro = (file) => ({ schemaType: 'AVRO', schema: fs.readFileSync(path.join(__dirname, 'schemas', file), 'utf8') });
const SALE = { id: 'S001-T01-000042', sku: 'CAS-TEE-BLK-M', quantity: -2, amountMinor: 4500, note: null, channel: 'STORE' };

async function write(client) {
  const v1 = avro('sale-v1.avsc');
  const id1 = await client.register(SUBJECT, v1);
  const lookedUp = await client.getId(SUBJECT, v1);
  const compatible = await client.testSubjectCompatibility(SUBJECT, avro('sale-v2.avsc'));
  const incompatible = await client.testSubjectCompatibility(SUBJECT, avro('sale-incompatible.avsc'));
  const id2 = await client.register(SUBJECT, avro('sale-v2.avsc'));
  const latest = await client.getLatestSchemaMetadata(SUBJECT);
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
  const bytes = await serializer.serialize(TOPIC, SALE);
  return { id1, lookedUp, compatible, incompatible, id2, latestVersion: latest.version, latestId: latest.id,
    value: bytes.toString('hex') };
}

async function read(client, hex) {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  return deserializer.deserialize(TOPIC, Buffer.from(hex, 'hex'));
}

async function main() {
  const [url, mode, hex] = process.argv.slice(2);
  const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
  const result = mode === 'write' ? await write(client) : await read(client, hex);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
