package health.pipeline.infra.policy;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.hcl.HclToJson;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The deployment (infra-terraform/) and every bad fixture, parsed once per test run with one node process (the
 * parser's WebAssembly start-up is most of its cost).
 */
final class Configurations {

    static final Path INFRA_ROOT = Path.of(System.getProperty("policy.infraRoot", "..")).toAbsolutePath().normalize();
    static final Path FIXTURES = Path.of(System.getProperty("policy.fixtures", "src/test/resources/fixtures"))
            .toAbsolutePath().normalize();

    private static TerraformConfiguration deployment;
    private static Map<String, TerraformConfiguration> fixtures;

    private Configurations() {
    }

    static synchronized TerraformConfiguration deployment() {
        load();
        return deployment;
    }

    /** Fixtures by directory name (a check id). */
    static synchronized Map<String, TerraformConfiguration> fixtures() {
        load();
        return fixtures;
    }

    static List<String> expectedViolations(String fixture) {
        try {
            return Files.readAllLines(FIXTURES.resolve(fixture).resolve("expected-violations.txt")).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void load() {
        if (deployment != null) {
            return;
        }
        List<Path> fixtureRoots;
        try (Stream<Path> directories = Files.list(FIXTURES)) {
            fixtureRoots = directories.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> roots = new ArrayList<>(fixtureRoots);
        roots.addFirst(INFRA_ROOT);
        HclToJson parser = new HclToJson(
                Path.of(System.getProperty("policy.hcl2jsonHome", "target/hcl2json")),
                Path.of(System.getProperty("policy.hcl2jsonSources", "src/main/node")));
        Map<Path, Map<String, JsonNode>> parsed = parser.convert(roots);
        deployment = TerraformConfiguration.of(INFRA_ROOT, parsed.get(INFRA_ROOT));
        fixtures = new TreeMap<>();
        for (Path root : fixtureRoots) {
            fixtures.put(root.getFileName().toString(), TerraformConfiguration.of(root, parsed.get(root)));
        }
    }
}
