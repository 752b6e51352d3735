package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Controls on API Gateway HTTP APIs (aws_apigatewayv2_*) and on the functions behind them. */
final class ApiGatewayChecks {

    /**
     * What a function answering an API may be allowed: its logs, VPC network interfaces, tracing, IAM database
     * authentication and decrypting its environment. Reading buckets, sending messages or signing is some other
     * function's job.
     */
    private static final Set<String> API_FUNCTION_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents",
            "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
            "xray:PutTelemetryRecords", "xray:PutTraceSegments", "rds-db:connect", "kms:Decrypt");
    /** Actions without resource-level permissions, for which "*" is the only resource there is. */
    private static final Set<String> RESOURCE_LESS_ACTIONS = Set.of("ec2:AssignPrivateIpAddresses",
            "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses", "xray:PutTelemetryRecords",
            "xray:PutTraceSegments");

    private ApiGatewayChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("apigateway-execute-api-endpoint-disabled",
                        "Every HTTP API disables its default execute-api endpoint (only its mutual-TLS domain answers)",
                        "AWS API Gateway mutual TLS guidance; Security Hub APIGateway (family)",
                        ApiGatewayChecks::executeApiEndpointDisabled),
                new PolicyCheck("apigateway-jwt-authorizer",
                        "Every route of an HTTP API is authorised by a JWT authorizer with an issuer and an audience",
                        "checkov CKV_AWS_309; Security Hub APIGateway.8", ApiGatewayChecks::jwtAuthorizerOnEveryRoute),
                new PolicyCheck("apigateway-domain-mtls",
                        "Every API Gateway custom domain requires mutual TLS with a truststore and the TLS 1.2 policy",
                        "checkov CKV_AWS_206 (TLS 1.2); Trivy AVD-AWS-0005 (family)", ApiGatewayChecks::domainMutualTls),
                new PolicyCheck("apigateway-access-logs",
                        "Every HTTP API stage writes access logs, in a format, to a log group encrypted with a CMK",
                        "checkov CKV_AWS_76; Trivy AVD-AWS-0001; Security Hub APIGateway.9",
                        ApiGatewayChecks::accessLogs),
                new PolicyCheck("apigateway-function-least-privilege",
                        "A function behind an API may only log, use VPC interfaces, trace, connect to the database as"
                                + " one user and decrypt with named keys; no managed policies",
                        "checkov CKV_AWS_290, CKV_AWS_355 (family); Security Hub IAM.1 (family)",
                        ApiGatewayChecks::functionLeastPrivilege));
    }

    private static List<Violation> executeApiEndpointDisabled(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-execute-api-endpoint-disabled");
        for (Block api : configuration.resources("aws_apigatewayv2_api")) {
            var values = Values.resolve(api.module(), api.attribute("disable_execute_api_endpoint"));
            findings.require(Values.allTrue(values), api,
                    "disable_execute_api_endpoint is not proven true: " + Values.describe(values));
        }
        return findings.list();
    }

    private static List<Violation> jwtAuthorizerOnEveryRoute(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-jwt-authorizer");
        for (Block route : configuration.resources("aws_apigatewayv2_route")) {
            if (!"JWT".equals(route.text("authorization_type"))) {
                findings.add(route, "authorization_type is " + describe(route.text("authorization_type")));
                continue;
            }
            Optional<Block> authorizer = route.module().resources("aws_apigatewayv2_authorizer").stream()
                    .filter(candidate -> References.mentions(route.text("authorizer_id"), candidate)).findFirst();
            if (authorizer.isEmpty()) {
                findings.add(route, "authorizer_id names no authorizer of this module: " + route.text("authorizer_id"));
                continue;
            }
            Block jwt = authorizer.get();
            JsonNode settings = jwt.firstNested("jwt_configuration").orElse(null);
            findings.require("JWT".equals(jwt.text("authorizer_type")) && settings != null
                    && !Values.text(settings.path("issuer")).isBlank()
                    && !References.strings(settings.path("audience")).isEmpty(), route,
                    "its authorizer " + jwt.address() + " is not a JWT authorizer with an issuer and an audience");
        }
        return findings.list();
    }

    private static List<Violation> domainMutualTls(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-domain-mtls");
        for (Block domain : configuration.resources("aws_apigatewayv2_domain_name")) {
            List<JsonNode> tls = domain.nested("domain_name_configuration").stream()
                    .flatMap(c -> Values.resolve(domain.module(), c.path("security_policy")).stream()).toList();
            findings.require(!tls.isEmpty() && tls.stream().allMatch(p -> "TLS_1_2".equals(Values.text(p))), domain,
                    "security_policy is not proven TLS_1_2: " + Values.describe(tls));
            findings.require(domain.nested("mutual_tls_authentication").stream()
                    .anyMatch(m -> !Values.text(m.path("truststore_uri")).isBlank()), domain,
                    "no mutual_tls_authentication with a truststore_uri: any client can connect");
        }
        return findings.list();
    }

    private static List<Violation> accessLogs(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-access-logs");
        for (Block stage : configuration.resources("aws_apigatewayv2_stage")) {
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
                findings.require(!Values.text(setting.path("format")).isBlank(), stage, "access log without a format");
            }
        }
        return findings.list();
    }

    private static List<Violation> functionLeastPrivilege(TerraformConfiguration configuration) {
        Findings findings = new Findings("apigateway-function-least-privilege");
        for (Block integration : configuration.resources("aws_apigatewayv2_integration")) {
            for (Block function : integration.module().resources("aws_lambda_function")) {
                if (References.mentions(integration.text("integration_uri"), function)) {
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
        if (actions.contains("rds-db:connect")) {
            resources.stream().filter(r -> !r.contains(":dbuser:") || r.endsWith("*") || r.contains("/*"))
                    .forEach(r -> findings.add(function, "rds-db:connect is not limited to one database user: " + r));
        }
    }

    private static String describe(String value) {
        return value.isBlank() ? "not set (NONE)" : value;
    }
}
