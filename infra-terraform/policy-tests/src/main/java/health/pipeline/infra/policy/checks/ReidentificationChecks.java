package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.TerraformModule;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The re-identification function (the deidentification artifact's {@code reidentify} export) is deployed, answers only
 * the callers its resource policy names, and its role can read raw records and the pseudonym secret and send audit
 * events, nothing else (issue 14 item 2, ADR 0087).
 */
final class ReidentificationChecks {

    private static final String EXPORT = "QUARKUS_FUNQY_EXPORT";
    private static final String REIDENTIFY = "reidentify";
    /** What re-identification does: read raw records, decrypt them and the secret, send audit events, run in the VPC. */
    private static final Set<String> ALLOWED_ACTIONS = Set.of("s3:GetObject", "s3:ListBucket", "kms:Decrypt",
            "kms:GenerateDataKey", "sqs:SendMessage", "logs:CreateLogStream", "logs:PutLogEvents",
            "xray:PutTelemetryRecords", "xray:PutTraceSegments", "ec2:AssignPrivateIpAddresses",
            "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses");
    private static final Pattern SERVICE_OR_ACCOUNT = Pattern.compile("\\.amazonaws\\.com$|^\\d{12}$|^\\*$|:root$");

    private ReidentificationChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(new PolicyCheck("lambda-reidentification-callers",
                "The re-identification function is deployed without event source or function URL, invocable only by "
                        + "IAM roles its resource policy names (no role of the deployment may invoke functions), with a "
                        + "role that only reads raw records, decrypts, and sends audit events",
                "issue 14 item 2; ADR 0022, ADR 0087; Security Hub Lambda.1 (family)",
                ReidentificationChecks::callers));
    }

    /** A function instance: the module, the {@code aws_lambda_function} resource and its for_each key. */
    private record Deployed(TerraformModule module, Block function, String key) {

        String reference() {
            return "aws_lambda_function." + function.name() + "[\"" + key + "\"]";
        }
    }

    private static List<Violation> callers(TerraformConfiguration configuration) {
        Findings findings = new Findings("lambda-reidentification-callers");
        List<Deployed> deployed = configuration.resources("aws_lambda_function").stream()
                .flatMap(function -> reidentifyInstances(function).stream()).toList();
        if (deployed.isEmpty()) {
            findings.addForConfiguration("no function exports " + REIDENTIFY + ": re-identification is not deployed");
        }
        for (Block invoker : configuration.dataSources("aws_iam_policy_document")) {
            for (JsonNode statement : PolicyStatements.of(invoker)) {
                if (!PolicyStatements.isDeny(statement) && Block.nested(statement, "principals").isEmpty()
                        && PolicyStatements.actions(statement).stream().anyMatch(a -> a.startsWith("lambda:Invoke"))) {
                    findings.add(invoker, "a role of the deployment may invoke functions: re-identification must "
                            + "answer only the callers its resource policy names");
                }
            }
        }
        for (Deployed function : deployed) {
            noTriggers(configuration, function, findings);
            namedCallersOnly(function, findings);
            leastPrivilege(function, findings);
        }
        return findings.list();
    }

    /** Instances of a for_each function whose environment (a local map by the same keys) exports reidentify. */
    private static List<Deployed> reidentifyInstances(Block function) {
        TerraformModule module = function.module();
        String environment = function.nested("environment").stream()
                .map(e -> Values.text(e.path("variables"))).findFirst().orElse("");
        if (environment.contains(EXPORT) && environment.contains("\"" + REIDENTIFY + "\"")) {
            return List.of(new Deployed(module, function, null));
        }
        Matcher local = Pattern.compile("local\\.([A-Za-z0-9_]+)\\[each\\.key]").matcher(environment);
        while (local.find()) {
            JsonNode map = module.local(local.group(1)).orElse(null);
            if (map == null || !map.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                if (REIDENTIFY.equals(Values.text(entry.getValue().path(EXPORT)))) {
                    return List.of(new Deployed(module, function, entry.getKey()));
                }
            }
        }
        return List.of();
    }

    private static boolean mentions(Block block, String attribute, Deployed function) {
        String text = block.text(attribute);
        return function.key() == null ? References.mentions(text, function.function())
                : text.contains(function.reference());
    }

    private static void noTriggers(TerraformConfiguration configuration, Deployed function, Findings findings) {
        configuration.resources("aws_lambda_function_url").stream()
                .filter(url -> url.module() == function.module() && mentions(url, "function_name", function))
                .forEach(url -> findings.add(url, "a function URL: callers would not need the named role"));
        configuration.resources("aws_lambda_event_source_mapping").stream()
                .filter(mapping -> mapping.module() == function.module() && mentions(mapping, "function_name", function))
                .forEach(mapping -> findings.add(mapping, "an event source: whoever can send to it re-identifies"));
        if (function.key() != null) {
            function.module().local("functions").map(functions -> functions.path(function.key()).path("sources"))
                    .filter(sources -> sources.size() > 0)
                    .ifPresent(sources -> findings.add(function.function(),
                            "local.functions[\"" + function.key() + "\"] has event sources " + sources));
        }
    }

    /** Every permission on it names principals from a variable validated to hold IAM role ARNs. */
    private static void namedCallersOnly(Deployed function, Findings findings) {
        for (Block permission : function.module().resources("aws_lambda_permission")) {
            if (!mentions(permission, "function_name", function)) {
                continue;
            }
            String principal = permission.text("principal");
            Matcher forEach = Pattern.compile("var\\.([A-Za-z0-9_]+)").matcher(permission.text("for_each"));
            if (SERVICE_OR_ACCOUNT.matcher(principal).find() || !permission.text("function_url_auth_type").isEmpty()) {
                findings.add(permission, "principal " + principal + " is a service, an account or everyone, not a named role");
            } else if (!principal.equals("${each.value}") || !forEach.find()) {
                findings.add(permission, "principal " + principal + " does not come from a list of caller roles");
            } else {
                boolean rolesOnly = function.module().variable(forEach.group(1)).stream()
                        .flatMap(variable -> variable.nested("validation").stream())
                        .anyMatch(validation -> Values.text(validation.path("condition")).contains(":role/"));
                findings.require(rolesOnly, permission, "var." + forEach.group(1)
                        + " is not validated to hold IAM role ARNs only");
            }
        }
    }

    /** The role's policies: only raw records to read, keys to decrypt, the audit queue to send to. */
    private static void leastPrivilege(Deployed function, Findings findings) {
        Matcher role = Pattern.compile("aws_iam_role\\.([A-Za-z0-9_]+)").matcher(function.function().text("role"));
        if (!role.find()) {
            findings.add(function.function(), "its role cannot be followed: " + function.function().text("role"));
            return;
        }
        for (Block attachment : function.module().resources("aws_iam_role_policy")) {
            if (!attachment.text("role").contains("aws_iam_role." + role.group(1))) {
                continue;
            }
            String policy = function.key() == null ? attachment.text("policy")
                    : KeyUsers.bind(attachment.text("policy"), function.key(), com.fasterxml.jackson.databind.node
                            .MissingNode.getInstance());
            var document = KeyUsers.document(function.module(), policy);
            if (document.isEmpty()) {
                findings.add(attachment, "its policy cannot be followed to a policy document");
                continue;
            }
            KeyUsers.forEachStatement(document.get(), statement -> {
                if (PolicyStatements.isDeny(statement.body())) {
                    return;
                }
                List<String> actions = References.strings(statement.body().path("actions"));
                String resources = statement.text("resources");
                boolean viaService = PolicyStatements.hasConditionOn(statement.body(), List.of("StringEquals"),
                        "kms:ViaService");
                for (String action : actions) {
                    if (!ALLOWED_ACTIONS.contains(action)) {
                        findings.add(attachment, "re-identification is allowed " + action);
                    } else if (action.equals("kms:GenerateDataKey") && !viaService) {
                        findings.add(attachment, "re-identification may generate data keys outside SQS");
                    } else if (action.equals("sqs:SendMessage") && !resources.contains("\"audit-queue\"")) {
                        findings.add(attachment, "re-identification may send to " + resources);
                    } else if (action.startsWith("s3:") && !resources.contains("[\"raw\"]")) {
                        findings.add(attachment, "re-identification may read " + resources);
                    }
                }
            });
        }
    }
}
