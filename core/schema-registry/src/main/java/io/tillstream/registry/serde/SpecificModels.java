package io.tillstream.registry.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Finds the generated classes behind a schema, trusts them, and gathers their logical-type conversions. */
final class SpecificModels {

    private SpecificModels() {
    }

    /** The schema of one SpecificRecord class, or the union of several (one topic carrying several types). */
    static Schema schemaOf(List<Class<?>> types) {
        List<Schema> branches = new ArrayList<>();
        for (Class<?> type : types) {
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(type.getName() + " is not an Avro SpecificRecord (generated) class");
            }
            branches.add(SpecificData.get().getSchema(type));
        }
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("No Avro type given");
        }
        return branches.size() == 1 ? branches.get(0) : Schema.createUnion(branches);
    }

    /**
     * A SpecificData that reads and writes {@code schema} with the generated classes found through
     * {@code loader}, using the conversions those classes were generated with (BigDecimal for
     * {@code decimal}, Instant for {@code timestamp-millis}, LocalDate for {@code date}). Types without
     * a class are read as GenericRecords.
     */
    static SpecificData forSchema(Schema schema, ClassLoader loader) {
        SpecificData data = new SpecificData(loader);
        for (Schema named : namedTypes(schema)) {
            Class<?> type = generatedClass(named, loader);
            if (type == null) {
                continue;
            }
            TrustedAvroClasses.trust(type);
            if (SpecificRecord.class.isAssignableFrom(type)) {
                // Each generated class carries its conversions in MODEL$ (read by reflection, no class lookup).
                SpecificData.getForClass(type).getConversions().forEach(data::addLogicalTypeConversion);
            }
        }
        return data;
    }

    private static Class<?> generatedClass(Schema named, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(SpecificData.getClassName(named), false, loader);
            boolean generated = switch (named.getType()) {
                case RECORD -> SpecificRecord.class.isAssignableFrom(type);
                case ENUM -> type.isEnum();
                case FIXED -> GenericFixed.class.isAssignableFrom(type);
                default -> false;
            };
            return generated ? type : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static List<Schema> namedTypes(Schema schema) {
        List<Schema> found = new ArrayList<>();
        collect(schema, found, new HashSet<>());
        return found;
    }

    private static void collect(Schema schema, List<Schema> found, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    found.add(schema);
                    schema.getFields().forEach(f -> collect(f.schema(), found, seen));
                }
            }
            case ENUM, FIXED -> {
                if (seen.add(schema.getFullName())) {
                    found.add(schema);
                }
            }
            case ARRAY -> collect(schema.getElementType(), found, seen);
            case MAP -> collect(schema.getValueType(), found, seen);
            case UNION -> schema.getTypes().forEach(t -> collect(t, found, seen));
            default -> {
                // primitives name no class
            }
        }
    }

    /** The loader generated classes are looked up with: the thread's (as Kafka and Connect set it), else ours. */
    static ClassLoader defaultLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SpecificModels.class.getClassLoader();
    }
}
