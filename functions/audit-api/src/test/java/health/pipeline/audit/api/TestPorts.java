package health.pipeline.audit.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.model.ports.Signer;
import health.pipeline.model.ports.memory.InMemoryObjectStore;

/**
 * The key service and the audit archive of the API's tests, in memory: the signer that signed the seeded
 * checkpoints stands in for KMS (the API reads only its public key), and the archive holds what the seeding wrote.
 */
public class TestPorts {
    static final String ARCHIVE_BUCKET = "audit-archive";

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    Signer keyService() {
        return AuditApiResource.SIGNER;
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    ArchiveReader archive() {
        return new ArchiveReader() {
            @Override
            public List<String> keys(String prefix) {
                return objects().keySet().stream().filter(key -> key.startsWith(prefix)).sorted().toList();
            }

            @Override
            public Optional<byte[]> read(String key) {
                return Optional.ofNullable(objects().get(key)).map(InMemoryObjectStore.StoredObject::content);
            }

            private Map<String, InMemoryObjectStore.StoredObject> objects() {
                return AuditApiResource.ARCHIVE.bucket(ARCHIVE_BUCKET);
            }
        };
    }
}
