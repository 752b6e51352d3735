package health.pipeline.infra.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every Terraform module under one root directory (a deployment, or a fixture), each directory of .tf files being
 * one module, with the module calls between them so that a value can be followed from a module to its callers.
 */
public final class TerraformConfiguration {

    private final Path root;
    private final Map<String, TerraformModule> modules = new TreeMap<>();

    private TerraformConfiguration(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Builds the configuration from hcl2json's output: file path relative to the root to the file's JSON. */
    public static TerraformConfiguration of(Path root, Map<String, JsonNode> files) {
        TerraformConfiguration configuration = new TerraformConfiguration(root);
        files.forEach((file, json) -> {
            int slash = file.lastIndexOf('/');
            String path = slash < 0 ? "" : file.substring(0, slash);
            configuration.modules.computeIfAbsent(path, p -> new TerraformModule(configuration,
                    configuration.root.resolve(p).normalize(), p)).addFile(json);
        });
        return configuration;
    }

    public Path root() {
        return root;
    }

    public Collection<TerraformModule> modules() {
        return modules.values();
    }

    public List<Block> resources(String type) {
        return all(module -> module.resources(type));
    }

    public List<Block> dataSources(String type) {
        return all(module -> module.dataSources(type));
    }

    public List<Block> moduleCalls() {
        return all(TerraformModule::moduleCalls);
    }

    /** Module calls, anywhere in this configuration, whose source is the given module's directory. */
    public List<Block> callersOf(TerraformModule module) {
        List<Block> callers = new ArrayList<>();
        for (Block call : moduleCalls()) {
            call.module().sourceDirectory(call).filter(module.directory()::equals).ifPresent(d -> callers.add(call));
        }
        return callers;
    }

    private List<Block> all(Function<TerraformModule, List<Block>> select) {
        return modules.values().stream().map(select).filter(Objects::nonNull).flatMap(List::stream).toList();
    }

    public Stream<Block> blocks(String... types) {
        return Stream.of(types).flatMap(type -> resources(type).stream());
    }
}
