package health.pipeline.contracts;

import java.time.Instant;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. Encode and decode it with {@link EventCodec}; the wire format is
 * {@code contracts/schemas/cloudevent-envelope.schema.json}.
 *
 * @param id            deterministic where the producer can make it so (same input, same id) to let consumers deduplicate
 * @param source        URI of the producing function, e.g. {@code urn:health-pipeline:function:ingestion}
 * @param subject       a pseudonym or an ingest id, never PHI
 * @param correlationId the CloudEvents extension {@code correlationid}: one id per upstream file, carried through
 */
public record Envelope<T>(String id, String source, String type, String subject, String correlationId, Instant time,
        T data) {
}
