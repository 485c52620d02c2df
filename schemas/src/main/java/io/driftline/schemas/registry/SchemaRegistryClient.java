package io.driftline.schemas.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that Driftline uses, for Avro schemas.
 *
 * <p>Implementations cache what never changes (an id's schema, a subject and schema's id) so that
 * serdes can call these methods per record. Methods throw {@link SchemaRegistryException} for answers
 * the registry gives (not found, incompatible, invalid) and {@link RegistryUnavailableException} when
 * the registry cannot be reached after the configured retries.
 */
public interface SchemaRegistryClient extends Closeable {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** The newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** A given version of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    /** The registration of {@code schema} under {@code subject}, without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Whether {@code schema} could be registered under {@code subject} given its compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** All subjects, sorted. */
    List<String> subjects();

    /** The versions of {@code subject}, oldest first. */
    List<Integer> versions(String subject);

    /** The compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Releases connections; never throws. */
    @Override
    void close();
}
