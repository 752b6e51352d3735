# The audit API (functions/audit-api) for auditors and privacy officers: one Lambda function in the private
# subnets with its own least-privilege role, behind an API Gateway HTTP API (payload format 2.0, what
# quarkus-amazon-lambda-http speaks) that answers only on a custom domain with mutual TLS, checks the
# identity provider's JWT on every route before the function runs, throttles, and writes CMK-encrypted
# access logs. The function checks the token again and enforces the roles (ADR 0044, ADR 0048).

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  native       = var.package_type == "native"
  package      = local.native ? "${var.package_directory}/audit-api.zip" : "${var.package_directory}/audit-api-jvm.zip"
  function     = "${var.name}-audit-api"
  database_url = "jdbc:postgresql://${var.database.endpoint}:${var.database.port}/${var.database.name}"

  # The routes the application serves, each behind the JWT authorizer. There is no $default route: any other
  # path is answered 404 by the gateway and never reaches the function.
  routes = toset([
    "GET /audit/disclosures",
    "GET /audit/entries",
    "GET /audit/verification",
    "GET /audit/proofs/inclusion",
    "GET /audit/proofs/consistency",
  ])

  # Names as the end-to-end test of the packaged API sets them (RunningSystemConsistencyTest compares them).
  environment = {
    PIPELINE_AWS_REGION = local.region
    # TLS is required by the cluster; the connect timeout covers an auto-paused cluster's ~15 s resume.
    QUARKUS_DATASOURCE_JDBC_URL = "${local.database_url}?sslmode=require&connectTimeout=25"
    QUARKUS_DATASOURCE_USERNAME = var.database_username
    # A fresh 15-minute IAM token as the password of each new connection (function-support's RdsIamCredentialsProvider).
    QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER = "rds-iam"
    PIPELINE_AUDIT_API_JWT_PUBLIC_KEY       = var.jwt_public_key
    PIPELINE_AUDIT_API_JWT_ISSUER           = var.jwt_issuer
    PIPELINE_AUDIT_API_JWT_AUDIENCE         = var.jwt_audience
    # The checkpoint signing key's public half, handed over by an auditor: verification then trusts no key stored in
    # the database it verifies, and the function needs no KMS permission.
    PIPELINE_AUDIT_API_SIGNING_PUBLIC_KEY = var.audit_signing_public_key
  }

  tags = merge(var.tags, { "pipeline:function" = "audit-api" })
}

################################################################################
# Role: trusted by Lambda only; logs, VPC interfaces, tracing, IAM authentication as its own database user,
# and decryption of its own environment. No S3, SQS, SNS or KMS signing.
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = local.function
  description        = "Execution role of the audit API function"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = local.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }

  # EC2 does not support resource-level permissions for these calls.
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }

  statement {
    sid       = "ConnectAsTheApiDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${var.database.cluster_resource_id}/${var.database_username}"]
  }

  statement {
    sid       = "DecryptOwnEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.environment_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "audit-api"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

################################################################################
# Function
################################################################################

resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${local.function}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = local.tags
}

resource "aws_lambda_function" "this" {
  function_name = local.function
  description   = "The audit trail's query and verification API for auditors and privacy officers"
  role          = aws_iam_role.this.arn

  filename         = local.package
  source_code_hash = filebase64sha256(local.package)
  # Native: the zip's bootstrap is the runtime. JVM: quarkus-amazon-lambda-http's handler (not Funqy's).
  runtime       = local.native ? "provided.al2023" : "java21"
  handler       = local.native ? "bootstrap" : "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  architectures = [var.architecture]

  memory_size = var.memory_size
  # API Gateway gives up after 30 s; a longer run would answer no one.
  timeout = var.timeout
  # Bounds the database connections the API can open (at most 4 per instance).
  reserved_concurrent_executions = var.reserved_concurrency

  kms_key_arn = var.environment_kms_key_arn
  environment {
    variables = merge(
      { for name, value in local.environment : name => value if value != null },
      local.native ? {} : { JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" },
    )
  }

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [var.security_group_id]
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function.name
  }

  tags = local.tags

  depends_on = [aws_iam_role_policy.this]
}

################################################################################
# HTTP API: custom domain with mutual TLS only, JWT authorizer on every route, throttled, access-logged
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name          = local.function
  description   = "Audit trail queries and verification (functions/audit-api)"
  protocol_type = "HTTP"
  # The default https://<id>.execute-api.<region>.amazonaws.com endpoint would take clients without a certificate:
  # only the mutual-TLS custom domain answers.
  disable_execute_api_endpoint = true

  tags = local.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "identity-provider"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = [var.jwt_audience]
  }
}

resource "aws_apigatewayv2_integration" "function" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.this.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.timeout * 1000
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.value
  target             = "integrations/${aws_apigatewayv2_integration.function.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${local.function}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = local.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  # Who asked what and how it ended, never the query string (it holds the pseudonym asked about) or a token.
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      time               = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      clientCertSubject  = "$context.identity.clientCert.subjectDN"
      clientCertSerial   = "$context.identity.clientCert.serialNumber"
      subject            = "$context.authorizer.claims.sub"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationStatus  = "$context.integrationStatus"
      integrationLatency = "$context.integrationLatency"
      authorizerError    = "$context.authorizer.error"
      error              = "$context.error.message"
    })
  }

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  tags = local.tags
}

resource "aws_lambda_permission" "gateway" {
  statement_id  = "InvokeFromTheAuditApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/GET/audit/*"
}

resource "aws_apigatewayv2_domain_name" "this" {
  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  # Clients present a certificate issued by the hospital's CA (the PEM bundle in S3) or the TLS handshake fails.
  mutual_tls_authentication {
    truststore_uri     = var.truststore_uri
    truststore_version = var.truststore_version
  }

  tags = local.tags
}

resource "aws_apigatewayv2_api_mapping" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this.id
  stage       = aws_apigatewayv2_stage.this.id
}

resource "aws_route53_record" "this" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = aws_apigatewayv2_domain_name.this.domain_name
  type    = "A"

  alias {
    name                   = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}
