package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.Values;
import java.util.List;

/** Statements of an {@code aws_iam_policy_document}, dynamic ones included. */
final class PolicyStatements {

    private PolicyStatements() {
    }

    static List<JsonNode> of(Block document) {
        return document.nested("statement");
    }

    static boolean isDeny(JsonNode statement) {
        return "Deny".equals(Values.text(statement.path("effect")));
    }

    static List<String> actions(JsonNode statement) {
        return References.strings(statement.path("actions"));
    }

    static boolean hasCondition(JsonNode statement, List<String> tests, String variable, String value) {
        return Block.nested(statement, "condition").stream().anyMatch(condition ->
                tests.contains(Values.text(condition.path("test")))
                        && variable.equals(Values.text(condition.path("variable")))
                        && References.strings(condition.path("values")).contains(value));
    }

    static boolean hasConditionOn(JsonNode statement, List<String> tests, String variable) {
        return Block.nested(statement, "condition").stream().anyMatch(condition ->
                tests.contains(Values.text(condition.path("test")))
                        && variable.equals(Values.text(condition.path("variable"))));
    }
}
