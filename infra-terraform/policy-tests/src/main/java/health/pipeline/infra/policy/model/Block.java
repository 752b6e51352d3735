package health.pipeline.infra.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resource, data source, module call or variable of one Terraform module, with its body as hcl2json reads it:
 * literals as JSON values, expressions as {@code "${...}"} strings, nested blocks as arrays of objects.
 */
public record Block(TerraformModule module, String kind, String type, String name, JsonNode body) {

    /** How violations name the block: {@code <module path>/<type>.<name>}, or {@code <type>.<name>} at the root. */
    public String address() {
        String local = switch (kind) {
            case "data" -> "data." + type + "." + name;
            case "module" -> "module." + name;
            default -> type + "." + name;
        };
        return module.path().isEmpty() ? local : module.path() + "/" + local;
    }

    /** The reference other blocks use for this one, e.g. {@code aws_s3_bucket.this}. */
    public String reference() {
        return kind.equals("data") ? "data." + type + "." + name : type + "." + name;
    }

    public JsonNode attribute(String attribute) {
        JsonNode value = body.get(attribute);
        return value == null ? MissingNode.getInstance() : value;
    }

    public boolean has(String attribute) {
        JsonNode value = body.get(attribute);
        return value != null && !value.isNull();
    }

    /** The attribute as written: a literal's text, or the expression for a reference. Empty when absent. */
    public String text(String attribute) {
        return Values.text(attribute(attribute));
    }

    /** Nested blocks of this name, including the contents of {@code dynamic "<name>"} blocks. */
    public List<JsonNode> nested(String blockName) {
        return nested(body, blockName);
    }

    public static List<JsonNode> nested(JsonNode body, String blockName) {
        List<JsonNode> blocks = new ArrayList<>();
        JsonNode direct = body.get(blockName);
        if (direct != null && direct.isArray()) {
            direct.forEach(block -> {
                if (block.isObject()) {
                    blocks.add(block);
                }
            });
        } else if (direct != null && direct.isObject()) {
            blocks.add(direct);
        }
        JsonNode dynamic = body.path("dynamic").path(blockName);
        if (dynamic.isArray()) {
            dynamic.forEach(generator -> generator.path("content").forEach(blocks::add));
        }
        return blocks;
    }

    public Optional<JsonNode> firstNested(String blockName) {
        return nested(blockName).stream().findFirst();
    }
}
