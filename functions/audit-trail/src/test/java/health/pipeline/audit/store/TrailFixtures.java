package health.pipeline.audit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import health.pipeline.audit.store.entry.TrailEntry;
import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.model.ports.memory.InMemoryObjectStore;

/** Audit events shaped like the pipeline's, built from the contract's example message. */
public final class TrailFixtures {
    private TrailFixtures() {
    }

    public static Envelope<AuditEvent> example() throws IOException {
        try (var in = TrailFixtures.class.getResourceAsStream("/contracts/examples/audit-event.v1.json")) {
            return EventCodec.decode(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    AuditEvent.class);
        }
    }

    /** {@code count} entries from {@code first}: the example event with its id, patient and object varied. */
    public static List<TrailEntry> entries(int first, int count) throws IOException {
        return events(first, count).stream().map(TrailEntry::of).toList();
    }

    /** The events behind {@link #entries(int, int)}. */
    public static List<Envelope<AuditEvent>> events(int first, int count) throws IOException {
        Envelope<AuditEvent> example = example();
        List<Envelope<AuditEvent>> events = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            AuditEvent d = example.data();
            AuditEvent data = new AuditEvent(i % 3 == 0 ? "scoring" : d.actor(), d.action(), d.outcome(), d.purpose(),
                    "p-" + String.format("%024x", i % 7), List.of(new ObjectRef("hp-deid-dev", "deid/fac/" + i + ".ndjson")),
                    d.modelVersion(), d.policyVersion(), d.keyVersion(), d.details(),
                    Instant.parse("2025-03-01T10:00:00Z").plusSeconds(i));
            events.add(new Envelope<>("evt-" + i, example.source(), example.type(), data.patient(), "cor-" + i,
                    example.time(), data));
        }
        return events;
    }

    /** Writes a bucket of the in-memory store to a folder, as the local run writes the audit-archive zone. */
    public static Path dump(InMemoryObjectStore store, String bucket, Path dir) throws IOException {
        for (Map.Entry<String, InMemoryObjectStore.StoredObject> object : store.bucket(bucket).entrySet()) {
            Path file = dir.resolve(object.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, object.getValue().content());
        }
        return dir;
    }
}
