package health.pipeline.training;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's samples/ folder (set by Surefire; falls back to ../samples). */
final class SamplePaths {

    private SamplePaths() {
    }

    static Path samples() {
        String configured = System.getProperty("samples.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "samples");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("samples directory not found: " + dir);
        }
        return dir;
    }

    static Path sample(String name) {
        return samples().resolve(name);
    }

    static Path models() {
        return samples().resolve("models");
    }
}
