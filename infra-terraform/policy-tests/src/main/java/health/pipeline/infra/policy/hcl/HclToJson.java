package health.pipeline.infra.policy.hcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads Terraform files as JSON through {@code @cdktf/hcl2json}, HashiCorp's HCL parser compiled to WebAssembly and
 * run by node. No Java HCL parser keeps expressions as written (see docs/adr/0050), and the checks need them:
 * {@code kms_key_id = var.kms_key_arn} must stay a reference to follow, not be evaluated or dropped.
 *
 * <p>The pinned package (package.json + package-lock.json) is installed with {@code npm ci} into {@code home} on
 * first use; later runs reuse it.
 */
public final class HclToJson {

    private static final String SCRIPT = "hcl-to-json.js";
    private static final long TIMEOUT_SECONDS = 120;

    private final Path home;
    private final Path sources;
    private final ObjectMapper mapper = new ObjectMapper();

    public HclToJson(Path home, Path sources) {
        this.home = home;
        this.sources = sources;
    }

    /** For each root, every .tf file below it (by path relative to the root) as the JSON hcl2json produces. */
    public Map<Path, Map<String, JsonNode>> convert(List<Path> roots) {
        installIfMissing();
        List<String> command = new ArrayList<>(List.of("node", home.resolve(SCRIPT).toString()));
        roots.forEach(root -> command.add(root.toAbsolutePath().normalize().toString()));
        JsonNode output;
        try {
            output = mapper.readTree(run(command, home));
        } catch (IOException e) {
            throw new IllegalStateException("hcl2json printed no JSON", e);
        }
        Map<Path, Map<String, JsonNode>> result = new LinkedHashMap<>();
        for (Path root : roots) {
            JsonNode files = output.get(root.toAbsolutePath().normalize().toString());
            Map<String, JsonNode> byFile = new LinkedHashMap<>();
            files.properties().forEach(file -> byFile.put(file.getKey(), file.getValue()));
            result.put(root, byFile);
        }
        return result;
    }

    private void installIfMissing() {
        try {
            Files.createDirectories(home);
            for (String file : List.of("package.json", "package-lock.json", SCRIPT)) {
                Files.copy(sources.resolve(file), home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.exists(home.resolve("node_modules/@cdktf/hcl2json/package.json"))) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), home);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare hcl2json in " + home, e);
        }
    }

    private static String run(List<String> command, Path directory) {
        try {
            Path stderr = Files.createTempFile("hcl2json", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(stderr.toFile()).start();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed (exit "
                        + process.exitValue() + "): " + errors.strip());
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst()
                    + " (node 20+ and npm are needed on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
