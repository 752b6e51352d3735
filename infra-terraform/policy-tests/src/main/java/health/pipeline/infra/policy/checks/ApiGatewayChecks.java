package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Controls on API Gateway REST APIs (aws_api_gateway_*), on the functions behind them, and against the deployment's
 * internet-facing API kinds (aws_apigatewayv2_api, aws_lambda_function_url).
 */
final class ApiGatewayChecks {

    /**
     * What a function answering an API may be allowed: its logs, VPC network interfaces, tracing, IAM database
     * authentication and decrypting its environment. Reading buckets, sending messages or signing is some other
     * function's job.
     */
    /** Context variables an access log must not write: the query string (a pseudonym) and credentials. */
    private static final List<String> FORBIDDEN_IN_ACCESS_LOGS = List.of("querystring", "authorization",
            "$input.", "$method.request", "$context.authorizer.claims", "token");
    private static final Set<String> API_FUNCTION_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents",
            "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
            "xray:PutTelemetryRecords", "xray:PutTraceSegments", "rds-db:connect", "kms:Decrypt",
            "kms:GetPublicKey", "s3:GetObject", "s3:ListBucket");
    /** What the audit API's verification reads of the audit archive (ADR 0076): nothing else of any bucket. */
    private static final List<String> ARCHIVE_PREFIXES = List.of("checkpoints/", "segments/");
    /** Actions without resource-level permissions, for which "*" is the only resource there is. */
    private static final Set<String> RESOURCE_LESS_ACTIONS = Set.of("ec2:AssignPrivateIpAddresses",
            "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses", "xray:PutTelemetryRecords",
            "xray:PutTraceSegments");

    private ApiGatewayChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("apigateway-private-endpoint",
                        "Every REST API is PRIVATE and names the VPC endpoint(s) it is reached through",
                        "Tenable AC_AWS_0011; DESIGN.md (no public endpoints)", ApiGatewayChecks::privateEndpoint),
                new PolicyCheck("apigateway-resource-policy-vpce",
                        "Every REST API has a resource policy denying execute-api:Invoke to anyone not coming through"
                                + " its VPC endpoint (aws:SourceVpce), and allowing only through it",
                        "AWS private API resource policies; checkov CKV_AWS_237 (family)",
                        ApiGatewayChecks::resourcePolicyRequiresVpcEndpoint),
                new PolicyCheck("apigateway-no-catch-all",
                        "No REST API resource is a greedy {proxy+} path and no method is ANY: only the routes served",
                        "least functionality (NIST 800-53 CM-7)", ApiGatewayChecks::noCatchAll),
                new PolicyCheck("apigateway-access-logs",
                        "Every REST API stage writes access logs, in a format without query strings or credentials, to"
                                + " a log group encrypted with a CMK",
                        "checkov CKV_AWS_76; Trivy AVD-AWS-0001; Security Hub APIGateway.1 (family)",
                        ApiGatewayChecks::accessLogs),
                new PolicyCheck("apigateway-function-least-privilege",
                        "A function behind an API may only log, use VPC interfaces, trace, connect to the database as"
                                + " one user, decrypt with named keys, read a named key's public half and list and read"
                                + " the audit archive's checkpoints/ and segments/; no managed policies",
                        "checkov CKV_AWS_290, CKV_AWS_355 (family); Security Hub IAM.1 (family)",
                        ApiGatewayChecks::functionLeastPrivilege),
                new PolicyCheck("no-public-api-endpoints",
                        "No API Gateway v2 API (HTTP or WebSocket, always internet-facing) and no Lambda function URL"
                                + " anywhere in the deployment",
                        "DESIGN.md (no public endpoints); Security Hub Lambda.1 (family)",
                        ApiGatewayChecks::noPublicApiEndpoints));
    }

    private static List<Violation> privateEndpoint(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-private-endpoint");
        for (Block api : configuration.resources("aws_api_gateway_rest_api")) {
            Optional<JsonNode> endpoint = api.firstNested("endpoint_configuration");
            List<String> types = endpoint.map(e -> References.strings(e.path("types"))).orElse(List.of());
            findings.require(types.equals(List.of("PRIVATE")), api, "endpoint types are " + types + ", not [PRIVATE]");
            findings.require(!vpcEndpointsOf(api).isEmpty(), api,
                    "no vpc_endpoint_ids: no VPC endpoint is associated with the private API");
        }
        return findings.list();
    }

    private static List<Violation> resourcePolicyRequiresVpcEndpoint(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-resource-policy-vpce");
        for (Block api : configuration.resources("aws_api_gateway_rest_api")) {
            List<Block> policies = References.applyingTo(configuration.resources("aws_api_gateway_rest_api_policy"),
                    api, "rest_api_id");
            Optional<Block> document = policies.isEmpty() ? References.policyDocument(api, "policy")
                    : References.policyDocument(policies.getFirst(), "policy");
            if (document.isEmpty()) {
                findings.add(api, "no resource policy from an aws_iam_policy_document of this module");
                continue;
            }
            List<String> endpoints = vpcEndpointsOf(api);
            List<JsonNode> statements = PolicyStatements.of(document.get());
            boolean deniesOthers = statements.stream().anyMatch(s -> PolicyStatements.isDeny(s) && invokes(s)
                    && everyone(s) && namesEndpoints(s, "StringNotEquals", endpoints));
            findings.require(deniesOthers, api, "the resource policy does not deny execute-api:Invoke to everyone"
                    + " with aws:SourceVpce StringNotEquals its endpoint(s) " + endpoints);
            statements.stream().filter(s -> !PolicyStatements.isDeny(s))
                    .filter(s -> !namesEndpoints(s, "StringEquals", endpoints))
                    .forEach(s -> findings.add(api, "an Allow statement is not limited to aws:SourceVpce " + endpoints
                            + ": " + Values.text(s.path("sid"))));
        }
        return findings.list();
    }

    private static List<Violation> noCatchAll(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-no-catch-all");
        for (Block resource : configuration.resources("aws_api_gateway_resource")) {
            findings.require(!resource.text("path_part").contains("+}"), resource,
                    "greedy path " + resource.text("path_part") + " sends any path to the integration");
        }
        for (Block method : configuration.resources("aws_api_gateway_method")) {
            findings.require(!"ANY".equalsIgnoreCase(method.text("http_method")), method,
                    "http_method ANY answers every verb");
        }
        return findings.list();
    }

    private static List<Violation> accessLogs(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-access-logs");
        for (Block stage : configuration.resources("aws_api_gateway_stage")) {
            List<JsonNode> settings = stage.nested("access_log_settings");
            if (settings.isEmpty()) {
                findings.add(stage, "no access_log_settings");
                continue;
            }
            for (JsonNode setting : settings) {
                String destination = Values.text(setting.path("destination_arn"));
                Optional<Block> group = stage.module().resources("aws_cloudwatch_log_group").stream()
                        .filter(candidate -> References.mentions(destination, candidate)).findFirst();
                findings.require(group.isPresent() && !group.get().text("kms_key_id").isBlank(), stage,
                        "destination_arn is not a log group of this module encrypted with a CMK: " + destination);
                String format = Values.text(setting.path("format"));
                findings.require(!format.isBlank(), stage, "access log without a format");
                String lower = format.toLowerCase(java.util.Locale.ROOT);
                FORBIDDEN_IN_ACCESS_LOGS.stream().filter(lower::contains).forEach(variable -> findings.add(stage,
                        "the access log format writes " + variable + " (query strings hold pseudonyms; tokens are"
                                + " credentials)"));
            }
        }
        return findings.list();
    }

    private static List<Violation> noPublicApiEndpoints(TerraformConfiguration configuration) {
        Findings findings = new Findings("no-public-api-endpoints");
        configuration.blocks("aws_apigatewayv2_api", "aws_lambda_function_url")
                .filter(block -> block.kind().equals("resource"))
                .forEach(block -> findings.add(block, block.type().equals("aws_lambda_function_url")
                        ? "a function URL is a public HTTPS endpoint"
                        : "API Gateway v2 APIs (HTTP, WebSocket) are internet-facing; use a private REST API"));
        return findings.list();
    }

    private static List<String> vpcEndpointsOf(Block api) {
        return api.firstNested("endpoint_configuration")
                .map(e -> References.strings(e.path("vpc_endpoint_ids"))).orElse(List.of());
    }

    private static boolean invokes(JsonNode statement) {
        return PolicyStatements.actions(statement).stream()
                .anyMatch(a -> a.equals("execute-api:Invoke") || a.equals("execute-api:*") || a.equals("*"));
    }

    private static boolean everyone(JsonNode statement) {
        return Block.nested(statement, "principals").stream().anyMatch(p -> "*".equals(Values.text(p.path("type")))
                && References.strings(p.path("identifiers")).contains("*"));
    }

    /** A condition {@code test} on aws:SourceVpce naming every endpoint the API is associated with. */
    private static boolean namesEndpoints(JsonNode statement, String test, List<String> endpoints) {
        return !endpoints.isEmpty() && Block.nested(statement, "condition").stream().anyMatch(condition ->
                test.equals(Values.text(condition.path("test")))
                        && "aws:SourceVpce".equalsIgnoreCase(Values.text(condition.path("variable")))
                        && References.strings(condition.path("values")).containsAll(endpoints));
    }

    private static List<Violation> functionLeastPrivilege(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-function-least-privilege");
        for (Block integration : configuration.resources("aws_api_gateway_integration")) {
            for (Block function : integration.module().resources("aws_lambda_function")) {
                if (References.mentions(integration.text("uri"), function)) {
                    checkRole(function, findings);
                }
            }
        }
        return findings.list();
    }

    private static void checkRole(Block function, Findings findings) {
        Optional<Block> role = function.module().resources("aws_iam_role").stream()
                .filter(candidate -> References.mentions(function.text("role"), candidate)).findFirst();
        if (role.isEmpty()) {
            findings.add(function, "its role is not an aws_iam_role of this module: " + function.text("role"));
            return;
        }
        function.module().configuration().blocks("aws_iam_role_policy_attachment", "aws_iam_policy_attachment")
                .filter(attachment -> attachment.module() == function.module()
                        && References.mentions(attachment.text("role") + attachment.text("roles"), role.get()))
                .forEach(attachment -> findings.add(function, "role has an attached policy: " + attachment.address()));
        for (Block policy : function.module().resources("aws_iam_role_policy")) {
            if (!References.mentions(policy.text("role"), role.get())) {
                continue;
            }
            Optional<Block> document = References.policyDocument(policy, "policy");
            if (document.isEmpty()) {
                findings.add(function, policy.address() + " is not an aws_iam_policy_document: unproven");
                continue;
            }
            for (JsonNode statement : PolicyStatements.of(document.get())) {
                if (!PolicyStatements.isDeny(statement)) {
                    checkStatement(function, statement, findings);
                }
            }
        }
    }

    private static void checkStatement(Block function, JsonNode statement, Findings findings) {
        List<String> actions = PolicyStatements.actions(statement);
        List<String> resources = References.strings(statement.path("resources"));
        for (String action : actions) {
            if (!API_FUNCTION_ACTIONS.contains(action)) {
                findings.add(function, "role allows " + action);
            } else if (!RESOURCE_LESS_ACTIONS.contains(action) && resources.stream().anyMatch(r -> r.equals("*"))) {
                findings.add(function, "role allows " + action + " on every resource");
            }
        }
        if (actions.contains("s3:GetObject")) {
            resources.stream().filter(r -> ARCHIVE_PREFIXES.stream().noneMatch(p -> r.endsWith("/" + p + "*")))
                    .forEach(r -> findings.add(function, "s3:GetObject beyond the archive's checkpoints/ and segments/: "
                            + r));
        }
        if (actions.contains("s3:ListBucket") && !ARCHIVE_PREFIXES.stream().allMatch(p -> PolicyStatements
                .hasCondition(statement, List.of("StringLike", "StringEquals"), "s3:prefix", p + "*"))) {
            findings.add(function, "s3:ListBucket without an s3:prefix condition naming checkpoints/ and segments/");
        }
        if (actions.contains("rds-db:connect")) {
            resources.stream().filter(r -> !r.contains(":dbuser:") || r.endsWith("*") || r.contains("/*"))
                    .forEach(r -> findings.add(function, "rds-db:connect is not limited to one database user: " + r));
        }
    }
}
