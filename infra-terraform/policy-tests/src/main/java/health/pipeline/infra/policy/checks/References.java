package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformModule;
import health.pipeline.infra.policy.model.Values;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How blocks point at each other in expressions. */
final class References {

    private static final Pattern LOCAL = Pattern.compile("(?<![A-Za-z0-9_.])local\\.([A-Za-z0-9_-]+)");

    private References() {
    }

    /** True when the expression mentions the block, e.g. {@code aws_s3_bucket.this.id} or {@code aws_s3_bucket.this["x"]}. */
    static boolean mentions(String expression, Block target) {
        return Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(target.reference()) + "(?![A-Za-z0-9_-])")
                .matcher(expression).find();
    }

    /**
     * The expression with every {@code local.x} it reads followed by that local's own expression (recursively, each
     * local once), so that {@code for_each = local.alarms} mentions the resources {@code local.alarms} is built from.
     * A local this module does not define is left as written.
     */
    static String withLocals(TerraformModule module, String expression) {
        StringBuilder followed = new StringBuilder(expression);
        Set<String> seen = new HashSet<>();
        List<String> pending = new java.util.ArrayList<>(List.of(expression));
        while (!pending.isEmpty()) {
            Matcher local = LOCAL.matcher(pending.removeLast());
            while (local.find()) {
                String name = local.group(1);
                if (seen.add(name)) {
                    module.local(name).map(Values::text).ifPresent(value -> {
                        followed.append('\n').append(value);
                        pending.add(value);
                    });
                }
            }
        }
        return followed.toString();
    }

    /**
     * True when {@code block} (an S3 bucket setting, an alarm, ...) applies to {@code target} through the given
     * attribute: directly ({@code bucket = aws_s3_bucket.x.id}) or by iterating over it
     * ({@code for_each = aws_s3_bucket.x} with {@code bucket = each.value.id}).
     */
    static boolean appliesTo(Block block, Block target, String attribute) {
        if (block.module() != target.module()) {
            return false;
        }
        String value = block.text(attribute);
        if (mentions(value, target)) {
            return true;
        }
        return mentions(block.text("for_each"), target) && value.contains("each.");
    }

    static List<Block> applyingTo(List<Block> blocks, Block target, String attribute) {
        return blocks.stream().filter(b -> appliesTo(b, target, attribute)).toList();
    }

    /** The policy document a {@code policy = data.aws_iam_policy_document.x.json} attribute points at. */
    static Optional<Block> policyDocument(Block block, String attribute) {
        String expression = block.text(attribute);
        return block.module().dataSources("aws_iam_policy_document").stream()
                .filter(document -> mentions(expression, document)).findFirst();
    }

    /** The strings of a list attribute; an expression (not a literal list) yields itself. */
    static List<String> strings(JsonNode value) {
        if (value.isArray()) {
            return java.util.stream.StreamSupport.stream(value.spliterator(), false).map(Values::text).toList();
        }
        return value.isMissingNode() || value.isNull() ? List.of() : List.of(Values.text(value));
    }
}
