# The four pipeline functions and re-identification: one IAM role each with only the permissions its code uses, in
# the private subnets, triggered by SQS event source mappings that report batch item failures (re-identification has
# no trigger: only the named caller may invoke it), with a CMK-encrypted environment, a CMK-encrypted log group with
# retention and active tracing.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  native = var.package_type == "native"

  common_environment = {
    PIPELINE_AWS_REGION           = local.region
    PIPELINE_CHANNELS_AUDIT_QUEUE = "sqs:${var.queue_urls["audit-queue"]}"
  }

  # Names and values as integration-tests/local-cloud's LocalCloud.environmentFor() sets them, so that
  # the functions run here exactly as they run in the local cloud and the end-to-end tests.
  function_environment = {
    ingestion = {
      PIPELINE_BUCKETS_RAW                = var.bucket_names["raw"]
      PIPELINE_BUCKETS_QUARANTINE         = var.bucket_names["quarantine"]
      PIPELINE_KEYS_RAW                   = var.kms_key_arns["raw"]
      PIPELINE_CHANNELS_DEIDENTIFY_QUEUE  = "sqs:${var.queue_urls["deidentify-queue"]}"
      PIPELINE_CHANNELS_INGEST_REJECTIONS = "sns:${var.topic_arns["ingest-rejections"]}"
      # Landed files are named by keyed references of their keys, which are PHI (docs/adr/0070).
      PIPELINE_PSEUDONYM_SECRET_CIPHERTEXT = var.pseudonym_secret_ciphertext
    }
    deidentification = {
      PIPELINE_BUCKETS_DEID                = var.bucket_names["deid"]
      PIPELINE_KEYS_DEID                   = var.kms_key_arns["deid"]
      PIPELINE_PSEUDONYM_SECRET_CIPHERTEXT = var.pseudonym_secret_ciphertext
      PIPELINE_CHANNELS_SCORING_QUEUE      = "sqs:${var.queue_urls["scoring-queue"]}"
    }
    scoring = {
      PIPELINE_BUCKETS_MODELS                   = var.bucket_names["models"]
      PIPELINE_BUCKETS_DEID                     = var.bucket_names["deid"]
      PIPELINE_KEYS_DEID                        = var.kms_key_arns["deid"]
      PIPELINE_CHANNELS_CLINICIAN_NOTIFICATIONS = "sns:${var.topic_arns["clinician-notifications"]}"
      # The models bucket's key, for the active.json pointer a promotion writes.
      PIPELINE_KEYS_MODELS = var.kms_key_arns["deid"]
      # How often a warm instance re-reads the model pointers (ISO-8601 duration).
      PIPELINE_SCORING_MODEL_REFRESH = var.model_refresh_interval
      # The pinned public key gate reports must be signed with; empty refuses every promotion (ADR 0088).
      PIPELINE_SCORING_GATE_REPORT_PUBLIC_KEY = var.gate_report_public_key
      # The identity provider whose token every ModelPromoted carries: the approver is its subject (ADR 0089).
      PIPELINE_SCORING_APPROVAL_JWT_ISSUER     = var.model_approval_jwt.issuer
      PIPELINE_SCORING_APPROVAL_JWT_AUDIENCE   = var.model_approval_jwt.audience
      PIPELINE_SCORING_APPROVAL_JWT_PUBLIC_KEY = var.model_approval_jwt.public_key
    }
    # The reidentify Funqy function of the deidentification artifact (ADR 0022, ADR 0087): it opens raw records, so it
    # alone gets the raw bucket; the deid settings are the artifact's required configuration, not permissions.
    reidentification = {
      QUARKUS_FUNQY_EXPORT                 = "reidentify"
      PIPELINE_BUCKETS_RAW                 = var.bucket_names["raw"]
      PIPELINE_BUCKETS_DEID                = var.bucket_names["deid"]
      PIPELINE_KEYS_DEID                   = var.kms_key_arns["deid"]
      PIPELINE_PSEUDONYM_SECRET_CIPHERTEXT = var.pseudonym_secret_ciphertext
      # The identity provider whose tokens name the requester, roles and facilities (ADR 0081); empty refuses every call.
      PIPELINE_REIDENTIFY_JWT_ISSUER     = var.reidentification_jwt.issuer
      PIPELINE_REIDENTIFY_JWT_AUDIENCE   = var.reidentification_jwt.audience
      PIPELINE_REIDENTIFY_JWT_PUBLIC_KEY = var.reidentification_jwt.public_key
    }
    audit-writer = {
      # IAM authentication: the password is a short-lived token signed with the function's role; TLS
      # is required by the cluster. The connect timeout covers an auto-paused cluster's ~15 s resume.
      QUARKUS_DATASOURCE_REACTIVE_URL = "postgresql://${var.database.endpoint}:${var.database.port}/${var.database.name}?sslmode=require"
      QUARKUS_DATASOURCE_USERNAME     = var.database.username
      # A fresh 15-minute IAM token as the password of each new connection (RdsIamCredentialsProvider).
      QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER = "rds-iam"
      # Signed checkpoints: the Object Lock bucket and the ECC_NIST_P256 signing key.
      PIPELINE_BUCKETS_AUDIT_ARCHIVE = var.bucket_names["audit-archive"]
      PIPELINE_KEYS_AUDIT_SIGNING    = var.audit_signing_key_arn
      # A checkpoint every N entries or T (ISO-8601), whichever comes first; for T the writer sends itself a
      # delayed request on its maintenance queue while entries wait (docs/adr/0046).
      PIPELINE_AUDIT_CHECKPOINT_EVERY_ENTRIES   = tostring(var.audit_checkpoint_every_entries)
      PIPELINE_AUDIT_CHECKPOINT_EVERY           = var.audit_checkpoint_every
      PIPELINE_CHANNELS_AUDIT_MAINTENANCE_QUEUE = "sqs:${var.queue_urls["audit-maintenance-queue"]}"
      # Entries recorded longer ago are copied to the archive when the daily schedule asks (never deleted).
      PIPELINE_AUDIT_RETENTION_PERIOD = var.audit_archive_after
    }
  }

  functions = {
    ingestion = {
      package         = "ingestion"
      description     = "Validates landed files, envelope-encrypts records into the raw zone or quarantines the file"
      security_group  = var.function_security_group_id
      environment_key = "raw"
      sources         = { "ingest-queue" = { batch_size = 1, window = 0 } } # a file can be 1 GB: one per invocation
    }
    deidentification = {
      package         = "deidentification"
      description     = "De-identifies raw records (Safe Harbor) into the deid zone with pseudonyms and shifted dates"
      security_group  = var.function_security_group_id
      environment_key = "deid"
      sources         = { "deidentify-queue" = { batch_size = 10, window = 0 } }
    }
    scoring = {
      package         = "scoring"
      description     = "Scores de-identified encounters with the active ONNX model, NEWS2 and qSOFA; notifies clinicians"
      security_group  = var.function_security_group_id
      environment_key = "deid"
      sources = {
        "scoring-queue"          = { batch_size = 10, window = 0 } # notifications within seconds: no batching window
        "model-governance-queue" = { batch_size = 1, window = 0 }  # FIFO: decisions apply in order, one at a time
      }
    }
    # No event source: invoked synchronously by the caller its resource policy names (var.reidentification_caller_arns).
    reidentification = {
      package         = "deidentification"
      description     = "Re-identifies a pseudonym for an authorised caller; every attempt is audited"
      security_group  = var.function_security_group_id
      environment_key = "raw"
      sources         = {}
    }
    audit-writer = {
      package         = "audit-writer"
      description     = "Appends audit events to the hash-chained trail in Aurora and archives signed checkpoints"
      security_group  = var.audit_writer_security_group_id
      environment_key = "audit"
      # Entries append to one hash chain under a lock; batching amortises the ~15 s resume of a paused cluster.
      # Maintenance requests (a due checkpoint, the daily retention run) are few; one at a time is enough.
      sources = {
        "audit-queue"             = { batch_size = 100, window = 5 }
        "audit-maintenance-queue" = { batch_size = 1, window = 0 }
      }
    }
  }

  event_sources = merge([
    for function, f in local.functions : {
      for queue, source in f.sources : "${function}:${queue}" => merge(source, { function = function, queue = queue })
    }
  ]...)
}

################################################################################
# Roles: one per function, trusted by Lambda only
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
  for_each = local.functions

  name               = "${var.name}-${each.key}"
  description        = "Execution role of the ${each.key} function"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = merge(var.tags, { "pipeline:function" = each.key })
}

# What every function needs from Lambda's side: its own log group, network interfaces in the VPC
# (EC2 does not support resource-level permissions for these calls), and X-Ray segments.
data "aws_iam_policy_document" "runtime" {
  for_each = local.functions

  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this[each.key].arn}:*"]
  }

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

  dynamic "statement" {
    for_each = length(each.value.sources) > 0 ? [1] : []
    content {
      sid       = "ReceiveFromOwnQueues"
      actions   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
      resources = [for queue in keys(each.value.sources) : var.queue_arns[queue]]
    }
  }

  statement {
    sid       = "SendAuditEvents"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arns["audit-queue"]]
  }

  statement {
    sid       = "EnvironmentKey"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns[each.value.environment_key]]
  }

  # The audit queue's key, only through SQS: the key policy names these roles in its messaging statement (ADR 0085).
  statement {
    sid       = "AuditQueueKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["audit"]]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ingestion" {
  statement {
    sid       = "ReadLandedFiles"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.bucket_arns["landing"]}/*"]
  }

  # ListBucket makes a missing completion marker a 404 instead of a 403.
  statement {
    sid       = "ListRawAndQuarantine"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arns["raw"], var.bucket_arns["quarantine"]]
  }

  statement {
    sid       = "WriteRawAndQuarantine"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arns["raw"]}/*", "${var.bucket_arns["quarantine"]}/*"]
  }

  statement {
    sid       = "RawKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["raw"]]
  }

  statement {
    sid       = "EmitRecordsIngested"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arns["deidentify-queue"]]
  }

  statement {
    sid       = "EmitIngestRejected"
    actions   = ["sns:Publish"]
    resources = [var.topic_arns["ingest-rejections"]]
  }

  # References of landing keys (PHI) are HMACs under the pseudonymisation secret (docs/adr/0070).
  statement {
    sid       = "PseudonymSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns["pseudonym"]]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:purpose"
      values   = ["pseudonymisation"]
    }
  }

  statement {
    sid       = "DeidKeyForDeidentifyQueue"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["deid"]]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "deidentification" {
  statement {
    sid       = "ReadRawRecords"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["raw"]}/*"]
  }

  statement {
    sid       = "RawKeyDecryptOnly"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns["raw"]]
  }

  statement {
    sid       = "ListDeid"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arns["deid"]]
  }

  statement {
    sid       = "WriteDeid"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arns["deid"]}/*"]
  }

  statement {
    sid       = "DeidKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["deid"]]
  }

  statement {
    sid       = "PseudonymSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns["pseudonym"]]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:purpose"
      values   = ["pseudonymisation"]
    }
  }

  statement {
    sid       = "EmitRecordsDeidentified"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arns["scoring-queue"]]
  }
}

data "aws_iam_policy_document" "scoring" {
  statement {
    sid       = "ListModelsAndDeid"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arns["models"], var.bucket_arns["deid"]]
  }

  statement {
    sid       = "ReadModels"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["models"]}/*"]
  }

  # Scoring applies approved ModelPromoted events by moving the active pointer (ADR 0030); it writes nothing else
  # in the models bucket, whose policy denies this key to every other principal.
  statement {
    sid       = "MoveActiveModelPointer"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arns["models"]}/active.json"]
  }

  statement {
    sid       = "ReadDeidWriteMarkers"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arns["deid"]}/*"]
  }

  statement {
    sid       = "DeidKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["deid"]]
  }

  statement {
    sid       = "NotifyClinicians"
    actions   = ["sns:Publish"]
    resources = [var.topic_arns["clinician-notifications"]]
  }
}

# Re-identification reads the raw record a de-identified record names and recomputes its pseudonym: raw records
# (only under records/), the raw key to open them, the pseudonym secret. It writes nothing and triggers on nothing.
data "aws_iam_policy_document" "reidentification" {
  statement {
    sid       = "ReadRawRecords"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["raw"]}/records/*"]
  }

  # ListBucket makes a missing record a 404 (audited as rawRecordMissing) instead of a 403.
  statement {
    sid       = "ListRawRecords"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arns["raw"]]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["records/*"]
    }
  }

  statement {
    sid       = "RawKeyDecryptOnly"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns["raw"]]
  }

  statement {
    sid       = "PseudonymSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arns["pseudonym"]]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:purpose"
      values   = ["pseudonymisation"]
    }
  }
}

data "aws_iam_policy_document" "audit_writer" {
  statement {
    sid       = "ConnectWithIamAuthentication"
    actions   = ["rds-db:connect"]
    resources = ["arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${var.database.cluster_resource_id}/${var.database.username}"]
  }

  statement {
    sid       = "ListAuditArchive"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arns["audit-archive"]]
  }

  statement {
    sid       = "WriteCheckpoints"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arns["audit-archive"]}/*"]
  }

  statement {
    sid       = "SignCheckpoints"
    actions   = ["kms:GetPublicKey", "kms:Sign"]
    resources = [var.audit_signing_key_arn]
  }

  # Delayed requests to itself: the checkpoint due by time, the rest of a retention run (docs/adr/0046).
  statement {
    sid       = "RequestOwnMaintenance"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arns["audit-maintenance-queue"]]
  }
}

locals {
  function_policies = {
    ingestion        = data.aws_iam_policy_document.ingestion.json
    deidentification = data.aws_iam_policy_document.deidentification.json
    scoring          = data.aws_iam_policy_document.scoring.json
    reidentification = data.aws_iam_policy_document.reidentification.json
    audit-writer     = data.aws_iam_policy_document.audit_writer.json
  }
}

resource "aws_iam_role_policy" "runtime" {
  for_each = local.functions

  name   = "runtime"
  role   = aws_iam_role.this[each.key].id
  policy = data.aws_iam_policy_document.runtime[each.key].json
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "pipeline-data"
  role   = aws_iam_role.this[each.key].id
  policy = local.function_policies[each.key]
}

################################################################################
# Log groups, functions, event source mappings
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arns["logs"]

  tags = merge(var.tags, { "pipeline:function" = each.key })
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${var.name}-${each.key}"
  description   = each.value.description
  role          = aws_iam_role.this[each.key].arn

  filename         = local.native ? "${var.package_directory}/${each.value.package}.zip" : "${var.package_directory}/${each.value.package}-jvm.zip"
  source_code_hash = filebase64sha256(local.native ? "${var.package_directory}/${each.value.package}.zip" : "${var.package_directory}/${each.value.package}-jvm.zip")
  # Native: the zip's bootstrap is the runtime and ignores the handler name.
  runtime       = local.native ? "provided.al2023" : "java21"
  handler       = local.native ? "bootstrap" : "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
  architectures = [var.architecture]

  memory_size                    = lookup(var.memory_size, each.key, 1024)
  timeout                        = lookup(var.timeout, each.key, 60)
  reserved_concurrent_executions = lookup(var.reserved_concurrency, each.key, -1)

  kms_key_arn = var.kms_key_arns[each.value.environment_key]
  environment {
    variables = merge(
      local.common_environment,
      local.function_environment[each.key],
      local.native ? {} : { JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" },
    )
  }

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [each.value.security_group]
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this[each.key].name
  }

  tags = merge(var.tags, { "pipeline:function" = each.key })

  depends_on = [aws_iam_role_policy.runtime, aws_iam_role_policy.function]
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = local.event_sources

  function_name                      = aws_lambda_function.this[each.value.function].arn
  event_source_arn                   = var.queue_arns[each.value.queue]
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.window > 0 ? each.value.window : null # FIFO queues take none
  function_response_types            = ["ReportBatchItemFailures"]

  dynamic "scaling_config" {
    for_each = lookup(var.maximum_concurrency, each.value.function, null) == null ? [] : [var.maximum_concurrency[each.value.function]]
    content {
      maximum_concurrency = scaling_config.value
    }
  }
}

################################################################################
# Re-identification's callers: only the principals named here may invoke it (no function URL, no event source).
# Lambda resource policies cannot deny, so the pipeline's own roles are kept without lambda:InvokeFunction (the
# policy tests check that no role policy of the deployment grants it).
################################################################################

resource "aws_lambda_permission" "reidentification_caller" {
  for_each = toset(var.reidentification_caller_arns)

  statement_id  = "InvokeBy${substr(sha256(each.value), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["reidentification"].function_name
  principal     = each.value
}
