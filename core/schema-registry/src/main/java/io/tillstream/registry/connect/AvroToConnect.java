package io.tillstream.registry.connect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates Avro schemas and generic data into Connect schemas and values.
 *
 * <p>Records become Structs named by the record's full name; enums strings (with Confluent's
 * {@code io.confluent.connect.avro.Enum} parameters, so the way back restores the enum); maps have
 * string keys; {@code ["null", X]} is an optional X. Logical types: {@code decimal} becomes
 * {@link Decimal} (with the precision as {@code connect.decimal.precision}), {@code timestamp-millis}
 * {@link Timestamp}, {@code date} {@link Date}, {@code time-millis} {@link Time}; any other logical type
 * keeps its underlying type. Unions with two or more non-null branches are only supported at the
 * top level, where each value takes the schema of its branch (see {@link ConfluentAvroConverter}).
 */
final class AvroToConnect {

    static final String ENUM_PARAMETER = "io.confluent.connect.avro.Enum";
    static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";

    private AvroToConnect() {
    }

    /** The Connect schema of a non-union Avro schema, or of a {@code ["null", X]} union. */
    static Schema schema(org.apache.avro.Schema avro) {
        return builder(avro, avro.getFullName(), new HashSet<>()).build();
    }

    private static SchemaBuilder builder(org.apache.avro.Schema avro, String path, Set<String> inProgress) {
        LogicalType logical = avro.getLogicalType();
        switch (avro.getType()) {
            case RECORD -> {
                if (!inProgress.add(avro.getFullName())) {
                    throw new DataException("Avro record " + avro.getFullName() + " is recursive (at " + path
                            + "); Connect schemas cannot express that");
                }
                SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
                if (avro.getDoc() != null) {
                    struct.doc(avro.getDoc());
                }
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    SchemaBuilder fieldSchema = builder(field.schema(), path + "." + field.name(), inProgress);
                    if (field.doc() != null && fieldSchema.doc() == null) {
                        fieldSchema.doc(field.doc());
                    }
                    struct.field(field.name(), fieldSchema.build());
                }
                inProgress.remove(avro.getFullName());
                return struct;
            }
            case ENUM -> {
                SchemaBuilder string = SchemaBuilder.string().parameter(ENUM_PARAMETER, avro.getFullName());
                avro.getEnumSymbols().forEach(s -> string.parameter(ENUM_PARAMETER + "." + s, s));
                return string;
            }
            case ARRAY -> {
                return SchemaBuilder.array(builder(avro.getElementType(), path + "[]", inProgress).build());
            }
            case MAP -> {
                return SchemaBuilder.map(Schema.STRING_SCHEMA,
                        builder(avro.getValueType(), path + "{}", inProgress).build());
            }
            case UNION -> {
                List<org.apache.avro.Schema> branches = avro.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
                if (branches.size() != 1) {
                    throw new DataException("Avro union " + avro + " at " + path + " has " + branches.size()
                            + " non-null branches; only [\"null\", X] is supported inside a record or collection");
                }
                SchemaBuilder branch = builder(branches.get(0), path, inProgress);
                return branches.size() < avro.getTypes().size() ? branch.optional() : branch;
            }
            case FIXED, BYTES -> {
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    return Decimal.builder(decimal.getScale())
                            .parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
                }
                return SchemaBuilder.bytes();
            }
            case STRING -> {
                return SchemaBuilder.string();
            }
            case INT -> {
                if (logical instanceof LogicalTypes.Date) {
                    return Date.builder();
                }
                if (logical instanceof LogicalTypes.TimeMillis) {
                    return Time.builder();
                }
                return SchemaBuilder.int32();
            }
            case LONG -> {
                return logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
            }
            case FLOAT -> {
                return SchemaBuilder.float32();
            }
            case DOUBLE -> {
                return SchemaBuilder.float64();
            }
            case BOOLEAN -> {
                return SchemaBuilder.bool();
            }
            default -> throw new DataException("Avro type " + avro.getType() + " at " + path
                    + " has no Connect equivalent");
        }
    }

    /** Converts a value decoded with {@link GenericData} (no logical-type conversions) to Connect's form. */
    static Object value(org.apache.avro.Schema avro, Schema connect, Object value) {
        if (value == null) {
            return null;
        }
        switch (avro.getType()) {
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                Struct struct = new Struct(connect);
                for (Field field : connect.fields()) {
                    org.apache.avro.Schema.Field avroField = avro.getField(field.name());
                    struct.put(field, value(avroField.schema(), field.schema(), record.get(avroField.pos())));
                }
                return struct;
            }
            case UNION -> {
                int branch = GenericData.get().resolveUnion(avro, value);
                return value(avro.getTypes().get(branch), connect, value);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Iterable<?>) value) {
                    list.add(value(avro.getElementType(), connect.valueSchema(), element));
                }
                return list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    map.put(e.getKey().toString(), value(avro.getValueType(), connect.valueSchema(), e.getValue()));
                }
                return map;
            }
            case ENUM, STRING -> {
                return value.toString(); // Utf8 or GenericEnumSymbol
            }
            case BYTES, FIXED -> {
                byte[] bytes = value instanceof GenericFixed fixed ? fixed.bytes().clone()
                        : toArray((ByteBuffer) value);
                if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    return new BigDecimal(new BigInteger(bytes), decimal.getScale());
                }
                return bytes;
            }
            case INT -> {
                if (Date.LOGICAL_NAME.equals(connect.name())) {
                    return Date.toLogical(connect, (Integer) value);
                }
                if (Time.LOGICAL_NAME.equals(connect.name())) {
                    return Time.toLogical(connect, (Integer) value);
                }
                return value;
            }
            case LONG -> {
                return Timestamp.LOGICAL_NAME.equals(connect.name()) ? Timestamp.toLogical(connect, (Long) value)
                        : value;
            }
            default -> {
                return value; // float, double, boolean
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
