# A VPC with no route to the internet: no internet gateway, no NAT gateway, no public subnets.
# Functions reach AWS services through a gateway endpoint (S3, free) and interface endpoints (the
# other services, billed per AZ per hour, which is why their AZ count is a variable).

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
  partition  = data.aws_partition.current.partition

  azs                 = slice(var.availability_zones, 0, min(var.az_count, length(var.availability_zones)))
  endpoint_subnet_ids = slice([for s in aws_subnet.private : s.id], 0, min(var.interface_endpoint_az_count, length(local.azs)))
  tags                = merge(var.tags, { "pipeline:module" = "network" })
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true # needed for private DNS on interface endpoints

  tags = merge(local.tags, { Name = var.name })
}

# Security Hub EC2.2: the default security group allows nothing.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-default-deny-all" })
}

resource "aws_subnet" "private" {
  count = length(local.azs)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index)
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${var.name}-private-${local.azs[count.index]}", "pipeline:tier" = "private" })
}

resource "aws_subnet" "database" {
  count = length(local.azs)

  vpc_id                  = aws_vpc.this.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index + 8)
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${var.name}-database-${local.azs[count.index]}", "pipeline:tier" = "database" })
}

# One route table with only the local route and the S3 gateway endpoint's prefix list.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-private" })
}

resource "aws_route_table_association" "private" {
  count = length(local.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "database" {
  count = length(local.azs)

  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.private.id
}

################################################################################
# Endpoint policies (ADR 0086): each endpoint carries only the actions the pipeline's roles use on that service, only
# for principals of this account (aws:PrincipalAccount) on resources of this account (aws:ResourceAccount). A role
# holding stolen credentials of another account, or code sending data to a bucket or queue of another account, is
# refused at the endpoint, whatever IAM says. The policy tests check the actions against the roles' policies.
################################################################################

locals {
  # Service => the actions the functions' roles call on it through this VPC. sts and logs serve tooling inside the
  # VPC (no function calls them): sts answers only who-am-i, logs only what the function roles may write.
  endpoint_actions = {
    s3   = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:PutObject"]
    sqs  = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"]
    sns  = ["sns:Publish"]
    kms  = ["kms:Decrypt", "kms:GenerateDataKey", "kms:GetPublicKey", "kms:Sign"]
    logs = ["logs:CreateLogStream", "logs:PutLogEvents"]
    sts  = ["sts:GetCallerIdentity"]
  }
  # Actions without a resource: aws:ResourceAccount is absent from their requests, so it cannot be required.
  resourceless_services = ["sts"]
}

data "aws_iam_policy_document" "endpoint" {
  for_each = toset(concat(["s3"], var.interface_endpoint_services))

  statement {
    sid       = "OwnAccountOnly"
    actions   = local.endpoint_actions[each.key]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
    dynamic "condition" {
      for_each = contains(local.resourceless_services, each.key) ? [] : [1]
      content {
        test     = "StringEquals"
        variable = "aws:ResourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

# The private audit API is called with a bearer token, not AWS credentials, so there is no principal account to
# check: the endpoint lets callers invoke only this account's APIs (the API's own resource policy then admits only
# this endpoint, ADR 0049).
data "aws_iam_policy_document" "execute_api_endpoint" {
  statement {
    sid       = "OwnAccountApisOnly"
    actions   = ["execute-api:Invoke"]
    resources = ["arn:${local.partition}:execute-api:${local.region}:${local.account_id}:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  policy            = data.aws_iam_policy_document.endpoint["s3"].json

  tags = merge(local.tags, { Name = "${var.name}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(var.interface_endpoint_services)

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${data.aws_region.current.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = local.endpoint_subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  policy              = data.aws_iam_policy_document.endpoint[each.value].json

  tags = merge(local.tags, { Name = "${var.name}-${each.value}" })
}

# The private audit API's only entrance (ADR 0049): private REST APIs answer only through an execute-api interface
# endpoint. Private DNS makes *.execute-api.<region>.amazonaws.com resolve to it inside the VPC; with no internet path
# no public API was reachable from here anyway.
resource "aws_vpc_endpoint" "execute_api" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${data.aws_region.current.region}.execute-api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = local.endpoint_subnet_ids
  security_group_ids  = [aws_security_group.execute_api_endpoint.id]
  policy              = data.aws_iam_policy_document.execute_api_endpoint.json

  tags = merge(local.tags, { Name = "${var.name}-execute-api" })
}

################################################################################
# Security groups: functions -> endpoints (443), functions -> S3 prefix list (443),
# audit writer and audit API -> database (5432), the hospital's networks -> execute-api endpoint (443).
# Nothing else; the execute-api endpoint is the only one with ingress from CIDRs, and never from 0.0.0.0/0.
################################################################################

resource "aws_security_group" "functions" {
  name_prefix = "${var.name}-functions-"
  description = "Lambda functions: egress to VPC endpoints and S3 only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-functions" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "audit_writer" {
  name_prefix = "${var.name}-audit-writer-"
  description = "Audit writer function: egress to VPC endpoints, S3 and the audit database"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-audit-writer" })

  lifecycle {
    create_before_destroy = true
  }
}

# The audit API calls no AWS service (its IAM database token is signed locally, its keys are configuration):
# its only egress is PostgreSQL to the database.
resource "aws_security_group" "audit_api" {
  name_prefix = "${var.name}-audit-api-"
  description = "Audit API function: egress to the audit database only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-audit-api" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "endpoints" {
  name_prefix = "${var.name}-endpoints-"
  description = "Interface VPC endpoints: HTTPS from the functions only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

# Its own group, not the AWS-service endpoints': auditors' clients reach it from the hospital's networks, which must
# not reach the SQS, SNS or KMS endpoints.
resource "aws_security_group" "execute_api_endpoint" {
  name_prefix = "${var.name}-execute-api-"
  description = "execute-api interface endpoint (private audit API): HTTPS from the hospital's networks only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-execute-api" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "execute_api_from_clients" {
  for_each = toset(var.execute_api_client_cidrs)

  security_group_id = aws_security_group.execute_api_endpoint.id
  description       = "HTTPS to the private audit API from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_security_group" "database" {
  name_prefix = "${var.name}-database-"
  description = "Aurora PostgreSQL: 5432 from the audit writer and the audit API only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-database" })

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  function_security_groups = {
    functions    = aws_security_group.functions.id
    audit_writer = aws_security_group.audit_writer.id
  }
}

resource "aws_vpc_security_group_egress_rule" "function_to_endpoints" {
  for_each = local.function_security_groups

  security_group_id            = each.value
  description                  = "HTTPS to interface endpoints"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoints.id
}

resource "aws_vpc_security_group_egress_rule" "function_to_s3" {
  for_each = local.function_security_groups

  security_group_id = each.value
  description       = "HTTPS to S3 through the gateway endpoint"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_function" {
  for_each = local.function_security_groups

  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = each.value
}

locals {
  database_client_security_groups = {
    audit_writer = aws_security_group.audit_writer.id
    audit_api    = aws_security_group.audit_api.id
  }
}

resource "aws_vpc_security_group_egress_rule" "database_client_to_database" {
  for_each = local.database_client_security_groups

  security_group_id            = each.value
  description                  = "PostgreSQL to the audit database"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.database.id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_client" {
  for_each = local.database_client_security_groups

  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the ${replace(each.key, "_", " ")}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = each.value
}

# The writer's rules were single resources before the audit API became a second client: keep their state.
moved {
  from = aws_vpc_security_group_egress_rule.audit_writer_to_database
  to   = aws_vpc_security_group_egress_rule.database_client_to_database["audit_writer"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.database_from_audit_writer
  to   = aws_vpc_security_group_ingress_rule.database_from_client["audit_writer"]
}

################################################################################
# Flow logs (Security Hub EC2.6): rejected traffic only by default, to a CMK-encrypted log group.
################################################################################

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = local.tags
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name_prefix        = "${var.name}-flow-logs-"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json

  tags = local.tags
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow_logs.arn}:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  vpc_id          = aws_vpc.this.id
  traffic_type    = var.flow_log_traffic_type
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn

  tags = local.tags
}
