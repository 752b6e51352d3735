package health.pipeline.audit.api.verify;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.model.ports.ObjectStore;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The audit archive the verification reads (PIPELINE_BUCKETS_AUDIT_ARCHIVE); verification is refused without it. */
public class ArchiveWiring {

    @Produces
    @Singleton
    ArchiveReader archive(S3AsyncClient s3, ObjectStore objects,
            @ConfigProperty(name = "pipeline.buckets.audit-archive") Optional<String> bucket) {
        return bucket.filter(b -> !b.isBlank()).<ArchiveReader>map(b -> new S3ArchiveReader(s3, objects, b))
                .orElse(Unconfigured.ARCHIVE);
    }

    /** No archive configured: reading it fails, so a verification cannot quietly skip it. */
    enum Unconfigured implements ArchiveReader {
        ARCHIVE;

        @Override
        public java.util.List<String> keys(String prefix) throws java.io.IOException {
            throw new java.io.IOException("the audit archive is not configured (pipeline.buckets.audit-archive)");
        }

        @Override
        public Optional<byte[]> read(String key) throws java.io.IOException {
            throw new java.io.IOException("the audit archive is not configured (pipeline.buckets.audit-archive)");
        }
    }
}
