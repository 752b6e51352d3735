package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Controls on the network: private only, reached through endpoints. */
final class NetworkChecks {

    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");
    private static final List<String> INTERNET_PATHS = List.of("aws_internet_gateway", "aws_egress_only_internet_gateway",
            "aws_nat_gateway", "aws_eip", "aws_networkfirewall_firewall");
    /** What the functions call besides S3 (which has its gateway endpoint). */
    static final List<String> REQUIRED_INTERFACE_ENDPOINTS = List.of("sqs", "sns", "kms");

    private NetworkChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("network-no-open-ingress", "No security group allows ingress from 0.0.0.0/0 or ::/0",
                        "checkov CKV_AWS_24, CKV_AWS_25, CKV_AWS_260; Trivy AVD-AWS-0107; Security Hub EC2.18, EC2.19",
                        NetworkChecks::noOpenIngress),
                new PolicyCheck("network-no-internet-path",
                        "No internet gateway, NAT gateway, elastic IP, public subnet or default route",
                        "issue 7: private VPC; Security Hub EC2.15", NetworkChecks::noInternetPath),
                new PolicyCheck("network-vpc-endpoints",
                        "An S3 gateway endpoint and private-DNS interface endpoints for " + REQUIRED_INTERFACE_ENDPOINTS,
                        "AWS HIPAA reference architecture: private connectivity to AWS services", NetworkChecks::endpoints),
                new PolicyCheck("network-endpoint-policies",
                        "Every VPC endpoint has a policy allowing only actions the deployment's roles use, only on "
                                + "this account's resources (aws:ResourceAccount) and for its principals "
                                + "(aws:PrincipalAccount)",
                        "issue 14 item 11; ADR 0086; AWS data perimeter guidance", NetworkChecks::endpointPolicies));
    }

    private static List<Violation> noOpenIngress(TerraformConfiguration configuration) {
        Findings findings = new Findings("network-no-open-ingress");
        for (Block group : configuration.resources("aws_security_group")) {
            for (JsonNode ingress : group.nested("ingress")) {
                List<String> sources = new ArrayList<>(References.strings(ingress.path("cidr_blocks")));
                sources.addAll(References.strings(ingress.path("ipv6_cidr_blocks")));
                sources.stream().filter(ANYWHERE::contains).forEach(cidr -> findings.add(group, "ingress from " + cidr));
            }
        }
        for (Block rule : configuration.resources("aws_vpc_security_group_ingress_rule")) {
            for (String attribute : List.of("cidr_ipv4", "cidr_ipv6")) {
                if (ANYWHERE.contains(rule.text(attribute))) {
                    findings.add(rule, "ingress from " + rule.text(attribute));
                }
            }
        }
        for (Block rule : configuration.resources("aws_security_group_rule")) {
            if (rule.text("type").equals("ingress")) {
                List<String> sources = new ArrayList<>(References.strings(rule.attribute("cidr_blocks")));
                sources.addAll(References.strings(rule.attribute("ipv6_cidr_blocks")));
                sources.stream().filter(ANYWHERE::contains).forEach(cidr -> findings.add(rule, "ingress from " + cidr));
            }
        }
        return findings.list();
    }

    private static List<Violation> noInternetPath(TerraformConfiguration configuration) {
        Findings findings = new Findings("network-no-internet-path");
        INTERNET_PATHS.forEach(type -> configuration.resources(type)
                .forEach(resource -> findings.add(resource, type + " opens a path to or from the internet")));
        for (Block subnet : configuration.resources("aws_subnet")) {
            findings.require(!Values.isTrue(subnet.attribute("map_public_ip_on_launch")), subnet,
                    "map_public_ip_on_launch is true");
        }
        for (Block route : configuration.resources("aws_route")) {
            if (ANYWHERE.contains(route.text("destination_cidr_block"))
                    || ANYWHERE.contains(route.text("destination_ipv6_cidr_block"))) {
                findings.add(route, "default route out of the VPC");
            }
        }
        return findings.list();
    }

    private static List<Violation> endpoints(TerraformConfiguration configuration) {
        Findings findings = new Findings("network-vpc-endpoints");
        List<Block> endpoints = configuration.resources("aws_vpc_endpoint");
        if (configuration.resources("aws_vpc").isEmpty()) {
            return findings.list();
        }
        boolean s3Gateway = endpoints.stream().anyMatch(e -> e.text("vpc_endpoint_type").equals("Gateway")
                && e.text("service_name").endsWith(".s3"));
        if (!s3Gateway) {
            findings.addForConfiguration("no S3 gateway endpoint: S3 traffic would need a NAT gateway");
        }
        List<Block> interfaces = endpoints.stream()
                .filter(e -> e.text("vpc_endpoint_type").equals("Interface")).toList();
        for (Block endpoint : interfaces) {
            findings.require(Values.isTrue(endpoint.attribute("private_dns_enabled")), endpoint,
                    "private_dns_enabled is not true: the SDKs' default endpoints would not resolve to it");
        }
        for (List<String> services : interfaceServiceSets(interfaces)) {
            for (String required : REQUIRED_INTERFACE_ENDPOINTS) {
                if (!services.contains(required)) {
                    findings.addForConfiguration("no " + required + " interface endpoint in " + services);
                }
            }
        }
        return findings.list();
    }

    /**
     * Actions callers make without an IAM grant (who-am-i; the audit API, called with a bearer token): an endpoint may
     * allow them although no role of the deployment is granted them.
     */
    private static final Set<String> UNAUTHORISED_ACTIONS = Set.of("sts:GetCallerIdentity", "execute-api:Invoke");
    /** Actions on no resource: their requests carry no aws:ResourceAccount, so it cannot be required. */
    private static final Set<String> RESOURCELESS_ACTIONS = Set.of("sts:GetCallerIdentity");
    /** APIs called with a bearer token instead of AWS credentials: their requests carry no aws:PrincipalAccount. */
    private static final Set<String> TOKEN_AUTHENTICATED_ACTIONS = Set.of("execute-api:Invoke");
    private static final java.util.regex.Pattern LOCAL_MAP_ENTRY = java.util.regex.Pattern.compile(
            "^\\$\\{local\\.([A-Za-z0-9_]+)\\[each\\.(?:key|value)]}$");

    private static List<Violation> endpointPolicies(TerraformConfiguration configuration) {
        Findings findings = new Findings("network-endpoint-policies");
        Set<String> usedActions = identityPolicyActions(configuration);
        for (Block endpoint : configuration.resources("aws_vpc_endpoint")) {
            var document = References.policyDocument(endpoint, "policy");
            if (document.isEmpty()) {
                findings.add(endpoint, "no endpoint policy from an aws_iam_policy_document: any principal may reach any "
                        + "resource of the service, of any account");
                continue;
            }
            List<JsonNode> allows = PolicyStatements.of(document.get()).stream()
                    .filter(statement -> !PolicyStatements.isDeny(statement)).toList();
            findings.require(!allows.isEmpty(), endpoint, "its policy allows nothing");
            for (JsonNode statement : allows) {
                List<String> actions = endpointActions(document.get(), statement);
                if (actions.isEmpty()) {
                    findings.add(endpoint, "its actions cannot be read: " + Values.text(statement.path("actions")));
                }
                actions.stream().filter(action -> !usedActions.contains(action) && !UNAUTHORISED_ACTIONS.contains(action))
                        .forEach(action -> findings.add(endpoint, "allows " + action
                                + ", which no role of the deployment is allowed"));
                if (!RESOURCELESS_ACTIONS.containsAll(actions)) {
                    findings.require(ownAccount(statement, "aws:ResourceAccount"), endpoint,
                            "a statement is not limited to this account's resources (aws:ResourceAccount)");
                }
                if (!TOKEN_AUTHENTICATED_ACTIONS.containsAll(actions)) {
                    findings.require(ownAccount(statement, "aws:PrincipalAccount"), endpoint,
                            "a statement is not limited to this account's principals (aws:PrincipalAccount)");
                }
            }
        }
        return findings.list();
    }

    /** A StringEquals condition on the key whose value is this account's id. */
    private static boolean ownAccount(JsonNode statement, String key) {
        return Block.nested(statement, "condition").stream().anyMatch(condition ->
                "StringEquals".equals(Values.text(condition.path("test")))
                        && key.equals(Values.text(condition.path("variable")))
                        && !References.strings(condition.path("values")).isEmpty()
                        && References.strings(condition.path("values")).stream().allMatch(v -> v.contains("account_id")));
    }

    /**
     * A statement's actions: a literal list, or {@code local.x[each.key]} for an endpoint policy per service, read as
     * every list of that local map (each endpoint gets one of them).
     */
    private static List<String> endpointActions(Block document, JsonNode statement) {
        JsonNode actions = statement.path("actions");
        var entry = LOCAL_MAP_ENTRY.matcher(Values.text(actions));
        if (entry.matches()) {
            JsonNode map = document.module().local(entry.group(1)).orElse(null);
            List<String> all = new ArrayList<>();
            if (map != null && map.isObject()) {
                map.forEach(list -> all.addAll(References.strings(list)));
            }
            return all;
        }
        return References.strings(actions).stream().filter(a -> !a.startsWith("${")).toList();
    }

    /** Every action an identity policy (a document without principals) of the configuration allows. */
    private static Set<String> identityPolicyActions(TerraformConfiguration configuration) {
        Set<String> actions = new java.util.TreeSet<>();
        for (Block document : configuration.dataSources("aws_iam_policy_document")) {
            for (JsonNode statement : PolicyStatements.of(document)) {
                if (!PolicyStatements.isDeny(statement) && Block.nested(statement, "principals").isEmpty()) {
                    actions.addAll(PolicyStatements.actions(statement));
                }
            }
        }
        return actions;
    }

    /**
     * The services the interface endpoints cover, once per way the configuration can be instantiated: literal
     * service names, plus each resolved value of a {@code for_each = toset(var.x)} list.
     */
    private static List<List<String>> interfaceServiceSets(List<Block> interfaces) {
        List<String> literal = new ArrayList<>();
        List<List<String>> generated = new ArrayList<>();
        for (Block endpoint : interfaces) {
            String forEach = endpoint.text("for_each");
            var variable = java.util.regex.Pattern.compile("var\\.([A-Za-z0-9_-]+)").matcher(forEach);
            if (variable.find()) {
                for (JsonNode value : Values.resolve(endpoint.module(),
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("${var." + variable.group(1) + "}"))) {
                    generated.add(References.strings(value));
                }
            } else {
                String service = endpoint.text("service_name");
                literal.add(service.substring(service.lastIndexOf('.') + 1));
            }
        }
        if (generated.isEmpty()) {
            return List.of(literal);
        }
        return generated.stream().map(services -> {
            List<String> all = new ArrayList<>(services);
            all.addAll(literal);
            return all;
        }).toList();
    }
}
