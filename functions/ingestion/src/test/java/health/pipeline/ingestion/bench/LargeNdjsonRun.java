package health.pipeline.ingestion.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import health.pipeline.ingestion.intake.FileIngestion;

/**
 * Generates an NDJSON file of the given size (MiB) outside the repository (java.io.tmpdir), ingests it from disk with
 * the heap the JVM was given (run with -Xmx256m, see the {@code large-file} profile), and prints records, time,
 * throughput and the peak heap (sum of the heap pools' peak usage, which bounds the real peak from above).
 */
public final class LargeNdjsonRun {
    private LargeNdjsonRun() {
    }

    public static void main(String[] args) throws IOException {
        long targetBytes = Long.parseLong(args.length > 0 ? args[0] : "1024") << 20;
        Path file = Files.createTempFile("ingestion-large-", ".ndjson");
        try {
            int patients = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                while (Files.size(file) < targetBytes) {
                    for (int i = 0; i < 1000; i++) {
                        BenchFiles.writeNdjson(out, patients++, 10);
                    }
                    out.flush();
                }
            }
            long size = Files.size(file);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            var store = new BenchFiles.DiscardingStore();
            FileIngestion ingestion = BenchFiles.ingestion(store, BenchFiles.fileSource(file));
            long start = System.nanoTime();
            FileIngestion.Outcome outcome = ingestion.ingest(BenchFiles.object("ward7/large.ndjson", size))
                    .toCompletableFuture().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            // What survived collections: the ingestion's live set, not the garbage the collector let accumulate.
            long liveAfterGc = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                    .mapToLong(pool -> pool.getCollectionUsage().getUsed()).max().orElse(-1);
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf("file %.1f MiB, %d patients, %d resources; outcome %s%n", size / 1048576.0, patients,
                    patients * 11L, outcome);
            System.out.printf("objects written %d (%.1f MiB sealed) in %.1f s: %.1f MiB/s, %.0f resources/s%n",
                    store.puts.get(), store.bytes.get() / 1048576.0, seconds, size / 1048576.0 / seconds,
                    patients * 11L / seconds);
            System.out.printf("max heap %d MiB, peak heap used %.1f MiB, largest pool after last GC %.1f MiB%n",
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap / 1048576.0, liveAfterGc / 1048576.0);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
