package io.tillstream.registry.connect;

import static io.tillstream.registry.connect.AvroToConnect.DECIMAL_PRECISION_PARAMETER;
import static io.tillstream.registry.connect.AvroToConnect.ENUM_PARAMETER;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The way back from Connect to Avro, for the shapes {@link AvroToConnect} produces: Structs become
 * records (named by the Connect schema name, else {@code ConnectDefault<n>}), optional fields
 * {@code ["null", X]} with default null, strings carrying the enum parameters enums again, and the
 * Decimal, Timestamp, Date and Time logical types their Avro counterparts. INT8 and INT16 widen to
 * int. Non-null default values of Connect fields are not carried over.
 */
final class ConnectToAvro {

    private static final int DEFAULT_DECIMAL_PRECISION = 64;

    /** Named types already created within one conversion: Avro allows each name to be defined once. */
    private final Map<String, org.apache.avro.Schema> named = new HashMap<>();
    private int unnamed;

    private ConnectToAvro() {
    }

    static org.apache.avro.Schema schema(Schema connect) {
        return new ConnectToAvro().convert(connect, "value");
    }

    private org.apache.avro.Schema convert(Schema connect, String path) {
        String logical = connect.name();
        return switch (connect.type()) {
            case INT8, INT16 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT32 -> {
                org.apache.avro.Schema avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                if (Date.LOGICAL_NAME.equals(logical)) {
                    yield LogicalTypes.date().addToSchema(avro);
                }
                yield Time.LOGICAL_NAME.equals(logical) ? LogicalTypes.timeMillis().addToSchema(avro) : avro;
            }
            case INT64 -> {
                org.apache.avro.Schema avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
                yield Timestamp.LOGICAL_NAME.equals(logical) ? LogicalTypes.timestampMillis().addToSchema(avro) : avro;
            }
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> enumOrString(connect);
            case BYTES -> {
                org.apache.avro.Schema avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
                if (Decimal.LOGICAL_NAME.equals(logical)) {
                    int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
                    String precision = connect.parameters().get(DECIMAL_PRECISION_PARAMETER);
                    yield LogicalTypes.decimal(precision == null ? Math.max(DEFAULT_DECIMAL_PRECISION, scale)
                            : Integer.parseInt(precision), scale).addToSchema(avro);
                }
                yield avro;
            }
            case ARRAY -> org.apache.avro.Schema.createArray(element(connect.valueSchema(), path + "[]"));
            case MAP -> {
                if (connect.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException("Map at " + path + " has " + connect.keySchema().type()
                            + " keys; Avro maps need string keys");
                }
                yield org.apache.avro.Schema.createMap(element(connect.valueSchema(), path + "{}"));
            }
            case STRUCT -> record(connect, path);
        };
    }

    private org.apache.avro.Schema element(Schema connect, String path) {
        org.apache.avro.Schema avro = convert(connect, path);
        return connect.isOptional() ? nullable(avro) : avro;
    }

    private org.apache.avro.Schema record(Schema connect, String path) {
        String name = connect.name() != null ? connect.name() : "ConnectDefault" + (++unnamed == 1 ? "" : unnamed);
        org.apache.avro.Schema existing = named.get(name);
        if (existing != null) {
            return existing;
        }
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            org.apache.avro.Schema fieldSchema = convert(field.schema(), path + "." + field.name());
            fields.add(field.schema().isOptional()
                    ? new org.apache.avro.Schema.Field(field.name(), nullable(fieldSchema), field.schema().doc(),
                            JsonProperties.NULL_VALUE)
                    : new org.apache.avro.Schema.Field(field.name(), fieldSchema, field.schema().doc()));
        }
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(name, connect.doc(), null, false, fields);
        named.put(name, record);
        return record;
    }

    private org.apache.avro.Schema enumOrString(Schema connect) {
        Map<String, String> parameters = connect.parameters();
        String enumName = parameters == null ? null : parameters.get(ENUM_PARAMETER);
        if (enumName == null) {
            return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
        }
        return named.computeIfAbsent(enumName, n -> {
            List<String> symbols = new ArrayList<>();
            parameters.forEach((key, value) -> {
                if (key.startsWith(ENUM_PARAMETER + ".")) {
                    symbols.add(value);
                }
            });
            return org.apache.avro.Schema.createEnum(n, connect.doc(), null, symbols);
        });
    }

    private static org.apache.avro.Schema nullable(org.apache.avro.Schema avro) {
        return org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), avro);
    }

    /** Converts a Connect value of {@code connect} into a datum of {@code avro} for GenericDatumWriter. */
    static Object value(org.apache.avro.Schema avro, Schema connect, Object value) {
        if (value == null) {
            return null;
        }
        switch (avro.getType()) {
            case UNION -> {
                org.apache.avro.Schema branch = avro.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
                return value(branch, connect, value);
            }
            case RECORD -> {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (Field field : connect.fields()) {
                    org.apache.avro.Schema.Field avroField = avro.getField(field.name());
                    record.put(avroField.pos(), value(avroField.schema(), field.schema(), struct.get(field)));
                }
                return record;
            }
            case ENUM -> {
                return new GenericData.EnumSymbol(avro, value.toString());
            }
            case STRING -> {
                return value.toString();
            }
            case BYTES -> {
                if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    BigDecimal scaled = ((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
                    return ByteBuffer.wrap(scaled.unscaledValue().toByteArray());
                }
                return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            }
            case INT -> {
                if (value instanceof java.util.Date date) {
                    return Date.LOGICAL_NAME.equals(connect.name()) ? Date.fromLogical(connect, date)
                            : Time.fromLogical(connect, date);
                }
                return ((Number) value).intValue();
            }
            case LONG -> {
                return value instanceof java.util.Date date ? Timestamp.fromLogical(connect, date)
                        : ((Number) value).longValue();
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    list.add(value(avro.getElementType(), connect.valueSchema(), element));
                }
                return new GenericData.Array<>(avro, list);
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) ->
                        map.put(k.toString(), value(avro.getValueType(), connect.valueSchema(), v)));
                return map;
            }
            default -> {
                return value; // float, double, boolean
            }
        }
    }
}
