# The audit API (functions/audit-api) for auditors and privacy officers: one Lambda function in the private
# subnets with its own least-privilege role, behind a private API Gateway REST API that answers only through the
# deployment's execute-api VPC endpoint (resource policy on aws:SourceVpce), serves exactly five GET routes as
# Lambda proxy integrations, throttles, traces and writes CMK-encrypted access logs. The function verifies the
# bearer token, enforces the roles and audits every answer and refusal (ADR 0044, ADR 0049).

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

  # The paths the application serves (GET only), by the resource they hang under. No catch-all {proxy+}
  # resource: any other path or method is answered by the gateway and never reaches the function.
  routes = {
    "/audit/disclosures"        = "audit"
    "/audit/entries"            = "audit"
    "/audit/verification"       = "audit"
    "/audit/proofs/inclusion"   = "proofs"
    "/audit/proofs/consistency" = "proofs"
  }
  stage = "audit"

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
    # Verification trusts no key stored in the database it verifies (ADR 0076): the signing key's public half comes
    # from KMS GetPublicKey, or from this pinned copy an auditor handed over when it is set.
    PIPELINE_KEYS_AUDIT_SIGNING           = var.audit_signing_key_arn
    PIPELINE_AUDIT_API_SIGNING_PUBLIC_KEY = var.audit_signing_public_key
    # Verification reads the signed checkpoints and retention segments of the Object Lock archive.
    PIPELINE_BUCKETS_AUDIT_ARCHIVE = var.audit_archive_bucket.name
  }

  tags = merge(var.tags, { "pipeline:function" = "audit-api" })
}

################################################################################
# Role: trusted by Lambda only; logs, VPC interfaces, tracing, IAM authentication as its own database user,
# decryption with the audit key (its environment and the archive), the signing key's public half, and listing and
# reading the audit archive's checkpoints/ and segments/. No other S3, no SQS, SNS or KMS signing.
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

  # The audit key encrypts both the function's environment and the audit archive (storage module).
  statement {
    sid       = "DecryptOwnEnvironmentAndTheArchive"
    actions   = ["kms:Decrypt"]
    resources = [var.environment_kms_key_arn]
  }

  statement {
    sid       = "ReadTheSigningKeysPublicHalf"
    actions   = ["kms:GetPublicKey"]
    resources = [var.audit_signing_key_arn]
  }

  statement {
    sid       = "ListTheArchivedCheckpointsAndSegments"
    actions   = ["s3:ListBucket"]
    resources = [var.audit_archive_bucket.arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["checkpoints/*", "segments/*"]
    }
  }

  statement {
    sid       = "ReadTheArchivedCheckpointsAndSegments"
    actions   = ["s3:GetObject"]
    resources = ["${var.audit_archive_bucket.arn}/checkpoints/*", "${var.audit_archive_bucket.arn}/segments/*"]
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
  # API Gateway gives up after the integration timeout (the same number of seconds); a longer run would answer no one.
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
# Private REST API: reachable only through the execute-api VPC endpoint, five GET methods as Lambda proxy
# integrations (payload 1.0, converted by the function: health.pipeline.audit.api.gateway), throttled,
# access-logged, traced.
################################################################################

resource "aws_api_gateway_rest_api" "this" {
  name        = local.function
  description = "Audit trail queries and verification (functions/audit-api), private: only through the execute-api VPC endpoint"

  # A private API has no public address; TLS 1.2 is the minimum API Gateway accepts on private endpoints.
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = [var.execute_api_vpc_endpoint_id]
  }

  tags = local.tags
}

# Every request that does not come through the deployment's execute-api endpoint is refused before any method runs,
# whoever signed it; through the endpoint only the five GET methods may be invoked.
data "aws_iam_policy_document" "gateway" {
  statement {
    sid       = "DenyUnlessThroughTheVpcEndpoint"
    effect    = "Deny"
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.this.execution_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.execute_api_vpc_endpoint_id]
    }
  }

  statement {
    sid       = "InvokeTheAuditRoutesThroughTheVpcEndpoint"
    effect    = "Allow"
    actions   = ["execute-api:Invoke"]
    resources = [for path in keys(local.routes) : "${aws_api_gateway_rest_api.this.execution_arn}/${local.stage}/GET${path}"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [var.execute_api_vpc_endpoint_id]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  policy      = data.aws_iam_policy_document.gateway.json
}

# /audit and /audit/proofs only hold the routes below them: they have no methods, so they answer nothing.
resource "aws_api_gateway_resource" "audit" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "audit"
}

resource "aws_api_gateway_resource" "proofs" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.audit.id
  path_part   = "proofs"
}

resource "aws_api_gateway_resource" "route" {
  for_each = local.routes

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = each.value == "audit" ? aws_api_gateway_resource.audit.id : aws_api_gateway_resource.proofs.id
  path_part   = basename(each.key)
}

# No gateway authoriser: REST APIs have no JWT authorizer type, a Lambda authorizer would be a second function
# verifying the same token (cost and a second copy of the key), and API keys identify no one. The resource policy
# decides where a request may come from; the function verifies the bearer token, enforces the roles and audits
# every answer and refusal (ADR 0044, ADR 0049).
resource "aws_api_gateway_method" "route" {
  for_each = aws_api_gateway_resource.route

  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = each.value.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = false
}

resource "aws_api_gateway_integration" "route" {
  for_each = aws_api_gateway_method.route

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = each.value.resource_id
  http_method             = each.value.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.this.invoke_arn
  timeout_milliseconds    = var.timeout * 1000
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  # A new deployment whenever the routes, their integrations or the resource policy change.
  triggers = {
    redeployment = sha1(jsonencode([
      [for path, resource in aws_api_gateway_resource.route : [path, resource.id]],
      [for path, method in aws_api_gateway_method.route : [path, method.id, method.authorization]],
      [for path, integration in aws_api_gateway_integration.route : [path, integration.id, integration.uri]],
      aws_api_gateway_rest_api_policy.this.policy,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.route, aws_api_gateway_rest_api_policy.this]
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${local.function}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = local.tags
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = local.stage
  xray_tracing_enabled = true

  # Who asked what and how it ended, never the query string (it holds the pseudonym asked about) or a token:
  # $context.resourcePath is the route's template, not the request URL.
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      extendedRequestId  = "$context.extendedRequestId"
      time               = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      vpceId             = "$context.identity.vpceId"
      userAgent          = "$context.identity.userAgent"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationStatus  = "$context.integration.status"
      integrationLatency = "$context.integration.latency"
      wafResponse        = "$context.wafResponseCode"
      error              = "$context.error.message"
    })
  }

  tags = local.tags
}

# Execution logging stays off: at INFO it writes each request's query string (a pseudonym) to a log group API
# Gateway creates outside this module's key, and it needs an account-wide role. The access log above is the record.
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
    metrics_enabled        = true
    logging_level          = "OFF"
    data_trace_enabled     = false
    caching_enabled        = false
  }
}

resource "aws_lambda_permission" "gateway" {
  statement_id  = "InvokeFromTheAuditApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${local.stage}/GET/audit/*"
}
