package io.shiplog.schemas.serde;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Picks the reader schema for a writer schema (the writer's own, or the generated class's when reading specific
 * records) and caches a resolving DatumReader per (writer schema id, reader schema).
 */
final class DatumReaders {

    private static final int CAPACITY = 1000;

    private final boolean specific;
    private final SpecificData specificData;
    private final Cache<ReaderKey, DatumReader<Object>> readers = Caffeine.newBuilder().maximumSize(CAPACITY).build();

    DatumReaders(boolean specific) {
        this.specific = specific;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.specificData = new SpecificData(context != null ? context : DatumReaders.class.getClassLoader());
    }

    /** The reader for data written with {@code writer} (registered as {@code writerId}). */
    DatumReader<Object> readerFor(int writerId, Schema writer) {
        Schema reader = readerSchema(writerId, writer);
        return readers.get(new ReaderKey(writerId, reader), key -> newReader(writer, reader));
    }

    private Schema readerSchema(int writerId, Schema writer) {
        if (!specific || !isNamed(writer)) {
            return writer;
        }
        Class<?> generated = specificData.getClass(writer);
        if (generated == null) {
            throw new IllegalArgumentException("specific.avro.reader is true, but no generated class "
                    + writer.getFullName() + " for schema id " + writerId + " is on the classpath");
        }
        return specificData.getSchema(generated);
    }

    private DatumReader<Object> newReader(Schema writer, Schema reader) {
        if (specific && isNamed(writer)) {
            return new SpecificDatumReader<>(writer, reader);
        }
        return new GenericDatumReader<>(writer, reader, GenericData.get());
    }

    private static boolean isNamed(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }

    private record ReaderKey(int writerId, Schema reader) {
    }
}
