# One customer-managed key per data class, so that a role able to read de-identified data cannot
# decrypt PHI and a leaked grant is limited to one class. Key policies name the roles that use
# each key; administrators manage keys but cannot use them to decrypt.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  administrators = length(var.administrator_role_arns) > 0 ? var.administrator_role_arns : [local.root_arn]
  deployers      = length(var.deployer_role_arns) > 0 ? var.deployer_role_arns : [local.root_arn]

  data_classes = {
    raw = {
      description = "Raw PHI zone: landing, raw and quarantine buckets, ingest queue, ingest-rejections topic"
      services    = ["s3.amazonaws.com", "sns.amazonaws.com"]
      via         = ["sqs", "sns"]
    }
    deid = {
      description = "De-identified zone: deid and models buckets, deidentify/scoring/model-governance queues, clinician topic"
      services    = ["sns.amazonaws.com"]
      via         = ["sqs", "sns"]
    }
    audit = {
      description = "Audit trail: audit queue, audit-archive bucket, Aurora storage, the retention schedule"
      services    = []
      via         = ["sqs", "scheduler"]
    }
    pseudonym = {
      description = "Pseudonymisation secret: decrypts the data key whose HMACs are the pseudonyms and date shifts"
      services    = []
      via         = []
    }
    logs = {
      description = "Logs and alarms: CloudWatch Logs groups, the alarm topic"
      services    = ["cloudwatch.amazonaws.com"]
      via         = []
    }
  }

  # Administration without use: these principals cannot Encrypt, Decrypt or GenerateDataKey.
  administration_actions = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]
}

data "aws_iam_policy_document" "data_class" {
  for_each = local.data_classes

  statement {
    sid       = "KeyAdministration"
    actions   = local.administration_actions
    resources = ["*"] # in a key policy "*" means this key
    principals {
      type        = "AWS"
      identifiers = local.administrators
    }
  }

  # Creating Lambda functions and the Aurora cluster under a key needs Encrypt and grants for AWS
  # resources; nobody deploying needs Decrypt.
  dynamic "statement" {
    for_each = each.key == "pseudonym" ? [] : [1]
    content {
      sid       = "DeployerEncryptOnly"
      actions   = ["kms:DescribeKey", "kms:Encrypt"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = local.deployers
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "pseudonym" ? [] : [1]
    content {
      sid       = "DeployerGrantsForAwsResources"
      actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = local.deployers
      }
      condition {
        test     = "Bool"
        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]
      }
    }
  }

  # RDS keeps the database master password in Secrets Manager under the audit key: the deployer may use the key
  # through Secrets Manager only.
  dynamic "statement" {
    for_each = each.key == "audit" ? [1] : []
    content {
      sid       = "DeployerViaSecretsManager"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = local.deployers
      }
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  # The one operation on the pseudonym key a person performs: generating the secret's ciphertext
  # (the plaintext is never returned). See docs/deploying.md.
  dynamic "statement" {
    for_each = each.key == "pseudonym" ? [1] : []
    content {
      sid       = "DeployerCreatesPseudonymSecret"
      actions   = ["kms:GenerateDataKeyWithoutPlaintext"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = local.deployers
      }
      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:purpose"
        values   = ["pseudonymisation"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(lookup(var.key_user_role_arns, each.key, [])) > 0 ? [1] : []
    content {
      sid = "UseByPipelineRoles"
      # The pseudonym key is only ever decrypted, and only with its encryption context.
      actions   = each.key == "pseudonym" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.key_user_role_arns[each.key]
      }
      dynamic "condition" {
        for_each = each.key == "pseudonym" ? [1] : []
        content {
          test     = "StringEquals"
          variable = "kms:EncryptionContext:purpose"
          values   = ["pseudonymisation"]
        }
      }
    }
  }

  # Principals that only send to or receive from a queue or topic under this key (the pipeline roles' audit events,
  # the model-governance senders, subscriber queues' consumers, the retention schedule): through those services only.
  dynamic "statement" {
    for_each = length(lookup(var.key_messaging_user_arns, each.key, [])) > 0 && length(each.value.via) > 0 ? [1] : []
    content {
      sid       = "UseThroughQueuesAndTopics"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.key_messaging_user_arns[each.key]
      }
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [for service in each.value.via : "${service}.${local.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(each.value.services) > 0 ? [1] : []
    content {
      sid       = "UseByAwsServicesOfThisAccount"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = each.value.services
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid       = "CloudWatchLogsOfThisAccount"
      actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["logs.${local.region}.amazonaws.com"]
      }
      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  for_each = local.data_classes

  description             = "${var.name} ${each.key}: ${each.value.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.data_class[each.key].json

  tags = merge(var.tags, { "pipeline:data-class" = each.key })
}

resource "aws_kms_alias" "this" {
  for_each = local.data_classes

  name          = "alias/${var.name}-${each.key}"
  target_key_id = aws_kms_key.this[each.key].key_id
}

################################################################################
# Audit checkpoint signing key: asymmetric, so that anyone holding the public key can verify a
# checkpoint without being able to forge one. KMS does not rotate asymmetric keys; a new key
# version is a new key (checkpoints record the key ARN).
################################################################################

data "aws_iam_policy_document" "audit_signing" {
  statement {
    sid       = "KeyAdministration"
    actions   = local.administration_actions
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = local.administrators
    }
  }

  dynamic "statement" {
    for_each = length(lookup(var.key_user_role_arns, "audit-signing", [])) > 0 ? [1] : []
    content {
      sid       = "SignByAuditWriter"
      actions   = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.key_user_role_arns["audit-signing"]
      }
    }
  }

  # The audit API verifies checkpoints with the public half from KMS, never one stored in the database (ADR 0076).
  dynamic "statement" {
    for_each = length(var.signature_verifier_role_arns) > 0 ? [1] : []
    content {
      sid       = "ReadPublicKeyByVerifiers"
      actions   = ["kms:GetPublicKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.signature_verifier_role_arns
      }
    }
  }

  statement {
    sid       = "VerifyByAuditors"
    actions   = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Verify"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = length(var.auditor_role_arns) > 0 ? var.auditor_role_arns : [local.root_arn]
    }
  }
}

resource "aws_kms_key" "audit_signing" {
  description              = "${var.name} audit-signing: signs audit-trail checkpoints (ECDSA P-256)"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
  deletion_window_in_days  = var.deletion_window_in_days
  policy                   = data.aws_iam_policy_document.audit_signing.json

  tags = merge(var.tags, { "pipeline:data-class" = "audit-signing" })
}

resource "aws_kms_alias" "audit_signing" {
  name          = "alias/${var.name}-audit-signing"
  target_key_id = aws_kms_key.audit_signing.key_id
}

################################################################################
# Gate-report signing key (ADR 0088): the golden-set gate's reports are signed with it, and scoring promotes a model
# only on a report whose signature verifies against its public key (pinned in the scoring function's configuration).
# Only the training pipeline's roles may sign; nobody in this deployment uses it otherwise.
################################################################################

data "aws_iam_policy_document" "gate_report_signing" {
  statement {
    sid       = "KeyAdministration"
    actions   = local.administration_actions
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = local.administrators
    }
  }

  dynamic "statement" {
    for_each = length(var.gate_report_signer_arns) > 0 ? [1] : []
    content {
      sid       = "SignByTrainingPipeline"
      actions   = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.gate_report_signer_arns
      }
    }
  }

  # Deployers read the public key to pin it (gate_report_public_key); verifying needs no call to KMS.
  statement {
    sid       = "PublicKeyForDeployers"
    actions   = ["kms:DescribeKey", "kms:GetPublicKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = local.deployers
    }
  }
}

resource "aws_kms_key" "gate_report_signing" {
  description              = "${var.name} gate-report-signing: signs golden-set gate reports (ECDSA P-256)"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
  deletion_window_in_days  = var.deletion_window_in_days
  policy                   = data.aws_iam_policy_document.gate_report_signing.json

  tags = merge(var.tags, { "pipeline:data-class" = "gate-report-signing" })
}

resource "aws_kms_alias" "gate_report_signing" {
  name          = "alias/${var.name}-gate-report-signing"
  target_key_id = aws_kms_key.gate_report_signing.key_id
}
