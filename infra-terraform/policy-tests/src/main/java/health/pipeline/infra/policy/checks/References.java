package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** How blocks point at each other in expressions. */
final class References {

    private References() {
    }

    /** True when the expression mentions the block, e.g. {@code aws_s3_bucket.this.id} or {@code aws_s3_bucket.this["x"]}. */
    static boolean mentions(String expression, Block target) {
        return Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(target.reference()) + "(?![A-Za-z0-9_-])")
                .matcher(expression).find();
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
