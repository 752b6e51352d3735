package health.pipeline.localcloud.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor of the start-up benchmark: a JVM that starts, reports its peak resident memory and exits. What every
 * packaged function pays before any of its own code runs.
 */
public final class JvmFloor {
    private JvmFloor() {
    }

    public static void main(String[] args) throws IOException {
        String peak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:")).map(line -> line.replaceAll("[^0-9]", ""))
                .findFirst().orElse("-1");
        System.out.println("VmHWM=" + peak);
    }
}
