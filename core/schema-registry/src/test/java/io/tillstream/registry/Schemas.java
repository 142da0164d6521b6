package io.tillstream.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Derived schemas for evolution tests. */
public final class Schemas {

    private Schemas() {
    }

    /** {@code record} as it was before {@code field} was added (same name, the other fields unchanged). */
    public static Schema without(Schema record, String field) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            if (!f.name().equals(field)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    /** {@code record} plus a required int field without default: not BACKWARD compatible with {@code record}. */
    public static Schema withRequiredInt(Schema record, String field) {
        List<Schema.Field> fields = new ArrayList<>();
        record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(field, Schema.create(Schema.Type.INT), "no default: old data cannot fill it"));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
