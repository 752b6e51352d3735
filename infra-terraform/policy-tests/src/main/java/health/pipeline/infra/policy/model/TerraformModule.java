package health.pipeline.infra.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The blocks of one directory of .tf files. */
public final class TerraformModule {

    private final TerraformConfiguration configuration;
    private final Path directory;
    private final String path;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, JsonNode> locals = new LinkedHashMap<>();
    private final Map<String, String> moves = new LinkedHashMap<>();

    TerraformModule(TerraformConfiguration configuration, Path directory, String path) {
        this.configuration = configuration;
        this.directory = directory;
        this.path = path;
    }

    /** Adds the blocks of one file as hcl2json rendered it. */
    void addFile(JsonNode file) {
        for (String kind : List.of("resource", "data")) {
            file.path(kind).properties().forEach(type -> type.getValue().properties().forEach(
                    named -> named.getValue().forEach(body -> blocks.add(
                            new Block(this, kind, type.getKey(), named.getKey(), body)))));
        }
        file.path("locals").forEach(block -> block.properties().forEach(local -> locals.put(local.getKey(),
                local.getValue())));
        file.path("moved").forEach(moved -> moves.put(Values.expression(moved.path("from")),
                Values.expression(moved.path("to"))));
        for (String kind : List.of("module", "variable", "output")) {
            file.path(kind).properties().forEach(named -> named.getValue().forEach(
                    body -> blocks.add(new Block(this, kind, kind, named.getKey(), body))));
        }
    }

    public TerraformConfiguration configuration() {
        return configuration;
    }

    public Path directory() {
        return directory;
    }

    /** Directory relative to the configuration root, "" for the root itself. */
    public String path() {
        return path;
    }

    public List<Block> resources(String type) {
        return blocks.stream().filter(b -> b.kind().equals("resource") && b.type().equals(type)).toList();
    }

    public List<Block> dataSources(String type) {
        return blocks.stream().filter(b -> b.kind().equals("data") && b.type().equals(type)).toList();
    }

    public List<Block> moduleCalls() {
        return blocks.stream().filter(b -> b.kind().equals("module")).toList();
    }

    /** A local value as written (literal JSON, or an expression string). */
    public Optional<JsonNode> local(String name) {
        return Optional.ofNullable(locals.get(name));
    }

    /** The {@code moved} blocks: old address to new address, e.g. {@code module.keys} to {@code module.pipeline.module.keys}. */
    public Map<String, String> moves() {
        return Map.copyOf(moves);
    }

    public List<Block> variables() {
        return blocks.stream().filter(b -> b.kind().equals("variable")).toList();
    }

    public List<Block> outputs() {
        return blocks.stream().filter(b -> b.kind().equals("output")).toList();
    }

    public Optional<Block> variable(String name) {
        return blocks.stream().filter(b -> b.kind().equals("variable") && b.name().equals(name)).findFirst();
    }

    /** Where a module call's relative source points, or empty for a registry source. */
    public Optional<Path> sourceDirectory(Block moduleCall) {
        String source = moduleCall.text("source");
        if (!source.startsWith("./") && !source.startsWith("../")) {
            return Optional.empty();
        }
        return Optional.of(directory.resolve(source).normalize());
    }
}
