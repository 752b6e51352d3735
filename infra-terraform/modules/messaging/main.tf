# Queues between the functions (each with a dead-letter queue, maxReceiveCount 3), the SNS topics for
# people (clinician-notifications, ingest-rejections), subscriber queues for example subscriptions,
# the daily audit retention schedule, and the alarms on dead-letter depth and on the age of the oldest
# message.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region

  # queue => key data class. Upstream object keys may carry identifiers, so the ingest queue and the
  # rejection topic are encrypted like PHI; everything after ingestion carries references only.
  # Model-governance decisions apply in order, one at a time: a FIFO queue with one message group (ADR 0030).
  queues = {
    "ingest-queue"           = { key = "raw", fifo = false }
    "deidentify-queue"       = { key = "deid", fifo = false }
    "scoring-queue"          = { key = "deid", fifo = false }
    "audit-queue"            = { key = "audit", fifo = false }
    "model-governance-queue" = { key = "deid", fifo = true }
    # The audit writer's own requests (a checkpoint due by time, retention runs; docs/adr/0046).
    "audit-maintenance-queue" = { key = "audit", fifo = false }
  }

  # A checkpoint request is delayed by up to 15 minutes on purpose: its age alarm allows for that.
  max_message_age_seconds = merge({ "audit-maintenance-queue" = 1800 }, var.max_message_age_seconds)

  topics = {
    "clinician-notifications" = { key = "deid" }
    "ingest-rejections"       = { key = "raw" }
  }

  subscription_keys = { for name, subscription in var.subscriptions : name => local.topics[subscription.topic].key }

  tags = merge(var.tags, { "pipeline:module" = "messaging" })
}

################################################################################
# Function queues and their dead-letter queues
################################################################################

resource "aws_sqs_queue" "dlq" {
  for_each = local.queues

  name                              = "${var.name}-${each.key}-dlq${each.value.fifo ? ".fifo" : ""}"
  fifo_queue                        = each.value.fifo
  kms_master_key_id                 = var.kms_key_arns[each.value.key]
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  message_retention_seconds         = 1209600 # 14 days, the maximum: time to investigate and redrive

  tags = merge(local.tags, { "pipeline:queue" = "${each.key}-dlq" })
}

resource "aws_sqs_queue" "this" {
  for_each = local.queues

  name                              = "${var.name}-${each.key}${each.value.fifo ? ".fifo" : ""}"
  fifo_queue                        = each.value.fifo
  kms_master_key_id                 = var.kms_key_arns[each.value.key]
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  visibility_timeout_seconds        = lookup(var.visibility_timeout_seconds, each.key, 360)
  message_retention_seconds         = var.message_retention_seconds
  receive_wait_time_seconds         = 20

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = merge(local.tags, { "pipeline:queue" = each.key })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = local.queues

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queues

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.this[each.key].arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "ingest-queue" ? [1] : []
    content {
      sid       = "LandingBucketNotifications"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this[each.key].arn]
      principals {
        type        = "Service"
        identifiers = ["s3.amazonaws.com"]
      }
      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [var.landing_bucket_arn]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "model-governance-queue" && length(var.model_governance_sender_arns) > 0 ? [1] : []
    content {
      sid       = "ModelGovernanceApprovals"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this[each.key].arn]
      principals {
        type        = "AWS"
        identifiers = var.model_governance_sender_arns
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each = local.queues

  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}

################################################################################
# Topics for people, and the dead-letter queues of their subscriptions
################################################################################

resource "aws_sns_topic" "this" {
  for_each = local.topics

  name              = "${var.name}-${each.key}"
  kms_master_key_id = var.kms_key_arns[each.value.key]

  tags = merge(local.tags, { "pipeline:topic" = each.key })
}

data "aws_iam_policy_document" "topic" {
  for_each = local.topics

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish", "sns:Subscribe"]
    resources = [aws_sns_topic.this[each.key].arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "OwnerAccountManages"
    actions   = ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:Subscribe"]
    resources = [aws_sns_topic.this[each.key].arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(lookup(var.topic_subscriber_account_ids, each.key, [])) > 0 ? [1] : []
    content {
      sid       = "CrossAccountSubscribers"
      actions   = ["sns:Subscribe"]
      resources = [aws_sns_topic.this[each.key].arn]
      principals {
        type        = "AWS"
        identifiers = [for account in var.topic_subscriber_account_ids[each.key] : "arn:aws:iam::${account}:root"]
      }
      condition {
        test     = "StringEquals"
        variable = "sns:Protocol"
        values   = ["sqs", "https", "lambda"]
      }
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  for_each = local.topics

  arn    = aws_sns_topic.this[each.key].arn
  policy = data.aws_iam_policy_document.topic[each.key].json
}

# <topic>-dlq, as the AsyncAPI document names them: messages a subscription could not deliver.
resource "aws_sqs_queue" "topic_dlq" {
  for_each = local.topics

  name                              = "${var.name}-${each.key}-dlq"
  kms_master_key_id                 = var.kms_key_arns[each.value.key]
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  message_retention_seconds         = 1209600

  tags = merge(local.tags, { "pipeline:queue" = "${each.key}-dlq" })
}

data "aws_iam_policy_document" "topic_dlq" {
  for_each = local.topics

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.topic_dlq[each.key].arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "UndeliverableFromTopic"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.topic_dlq[each.key].arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.this[each.key].arn]
    }
  }
}

resource "aws_sqs_queue_policy" "topic_dlq" {
  for_each = local.topics

  queue_url = aws_sqs_queue.topic_dlq[each.key].id
  policy    = data.aws_iam_policy_document.topic_dlq[each.key].json
}

################################################################################
# Example subscriptions: a subscriber queue per entry with a filter policy on the message
# attributes facility, unit, band and reviewRequired (strings), raw message delivery so that the
# SQS body is the CloudEvent itself, and redrive to <topic>-dlq.
################################################################################

resource "aws_sqs_queue" "subscriber_dlq" {
  for_each = var.subscriptions

  name                              = "${var.name}-sub-${each.key}-dlq"
  kms_master_key_id                 = var.kms_key_arns[local.subscription_keys[each.key]]
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  message_retention_seconds         = 1209600

  tags = merge(local.tags, { "pipeline:queue" = "sub-${each.key}-dlq" })
}

resource "aws_sqs_queue" "subscriber" {
  for_each = var.subscriptions

  name                              = "${var.name}-sub-${each.key}"
  kms_master_key_id                 = var.kms_key_arns[local.subscription_keys[each.key]]
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  message_retention_seconds         = var.message_retention_seconds

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.subscriber_dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = merge(local.tags, { "pipeline:queue" = "sub-${each.key}" })
}

data "aws_iam_policy_document" "subscriber" {
  for_each = var.subscriptions

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.subscriber[each.key].arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DeliveriesFromTopic"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.subscriber[each.key].arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.this[each.value.topic].arn]
    }
  }

  # The subscriber's consumers; the topic's key names the same roles (output subscription_consumer_role_arns).
  dynamic "statement" {
    for_each = length(each.value.consumer_role_arns) > 0 ? [1] : []
    content {
      sid       = "ConsumedByNamedRoles"
      actions   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
      resources = [aws_sqs_queue.subscriber[each.key].arn]
      principals {
        type        = "AWS"
        identifiers = each.value.consumer_role_arns
      }
    }
  }
}

resource "aws_sqs_queue_policy" "subscriber" {
  for_each = var.subscriptions

  queue_url = aws_sqs_queue.subscriber[each.key].id
  policy    = data.aws_iam_policy_document.subscriber[each.key].json
}

resource "aws_sns_topic_subscription" "this" {
  for_each = var.subscriptions

  topic_arn            = aws_sns_topic.this[each.value.topic].arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.subscriber[each.key].arn
  raw_message_delivery = true
  filter_policy_scope  = length(each.value.filter_policy) > 0 ? "MessageAttributes" : null
  filter_policy        = length(each.value.filter_policy) > 0 ? jsonencode(each.value.filter_policy) : null

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.topic_dlq[each.value.topic].arn
  })

  depends_on = [aws_sqs_queue_policy.subscriber, aws_sqs_queue_policy.topic_dlq]
}

################################################################################
# Alarms: nothing may sit in a dead-letter queue, and nothing may wait too long in a queue.
################################################################################

locals {
  all_dead_letter_queues = merge(
    { for queue, q in aws_sqs_queue.dlq : "${queue}-dlq" => q.name },
    { for topic, q in aws_sqs_queue.topic_dlq : "${topic}-dlq" => q.name },
    { for sub, q in aws_sqs_queue.subscriber_dlq : "sub-${sub}-dlq" => q.name },
  )
}

# One alarm per dead-letter queue, on its first message: the function queues', the topics' (messages a
# subscription could not deliver) and the subscriber queues'. Keys: "queue:<queue>", "topic:<topic>" and
# the subscription's own name (SQS names have no ":", so they cannot collide).
locals {
  dead_letter_alarms = merge(
    { for queue, dlq in aws_sqs_queue.dlq : "queue:${queue}" => {
      queue_name  = dlq.name
      description = "A message reached ${dlq.name}: it failed ${var.max_receive_count} times. Inspect (references only, no PHI) and redrive."
    } },
    { for topic, dlq in aws_sqs_queue.topic_dlq : "topic:${topic}" => {
      queue_name  = dlq.name
      description = "A subscription of ${topic} could not deliver a message. Check the subscriber endpoint and redrive."
    } },
    { for subscription, dlq in aws_sqs_queue.subscriber_dlq : subscription => {
      queue_name  = dlq.name
      description = "The subscriber of ${subscription} failed a message ${var.max_receive_count} times."
    } },
  )
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  for_each = local.dead_letter_alarms

  alarm_name          = "${each.value.queue_name}-not-empty"
  alarm_description   = each.value.description
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value.queue_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = local.tags
}

# The three alarm resources this one replaced. Subscriber alarms keep their keys (the subscriptions are the
# caller's, so they can only move as a whole); function queue and topic alarms move key by key.
moved {
  from = aws_cloudwatch_metric_alarm.subscriber_dlq_depth
  to   = aws_cloudwatch_metric_alarm.dead_letter
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["ingest-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:ingest-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["deidentify-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:deidentify-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["scoring-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:scoring-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["audit-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:audit-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["model-governance-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:model-governance-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth["audit-maintenance-queue"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["queue:audit-maintenance-queue"]
}

moved {
  from = aws_cloudwatch_metric_alarm.topic_dlq_depth["clinician-notifications"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["topic:clinician-notifications"]
}

moved {
  from = aws_cloudwatch_metric_alarm.topic_dlq_depth["ingest-rejections"]
  to   = aws_cloudwatch_metric_alarm.dead_letter["topic:ingest-rejections"]
}

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  for_each = aws_sqs_queue.this

  alarm_name          = "${each.value.name}-oldest-message-age"
  alarm_description   = "The oldest message in ${each.value.name} waited longer than ${lookup(local.max_message_age_seconds, each.key, 900)} s: the function is failing, throttled or the database is not resuming."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = lookup(local.max_message_age_seconds, each.key, 900)
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "subscriber_age" {
  for_each = aws_sqs_queue.subscriber

  alarm_name          = "${each.value.name}-oldest-message-age"
  alarm_description   = "The subscriber of ${each.key} is not consuming its notifications."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 900
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = local.tags
}

################################################################################
# The daily audit retention request (docs/adr/0043, 0046): EventBridge Scheduler sends an
# AuditMaintenance CloudEvent to the audit writer's maintenance queue. The writer archives entries
# past retention to the Object Lock archive and asks for another run itself if one was not enough.
################################################################################

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "audit_retention_schedule" {
  name               = "${var.name}-audit-retention-schedule"
  description        = "EventBridge Scheduler: sends the daily audit retention request"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json

  tags = local.tags
}

data "aws_iam_policy_document" "audit_retention_schedule" {
  # The request, and the scheduler's own dead letter when it cannot deliver one.
  statement {
    sid       = "SendRetentionRequest"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this["audit-maintenance-queue"].arn, aws_sqs_queue.dlq["audit-maintenance-queue"].arn]
  }

  # Only through SQS (the request) and EventBridge Scheduler (the schedule, encrypted under the same key): the audit
  # key's policy names this role in its messaging statement (ADR 0085).
  statement {
    sid       = "AuditQueueKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arns["audit"]]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com", "scheduler.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "audit_retention_schedule" {
  name   = "send-retention-request"
  role   = aws_iam_role.audit_retention_schedule.id
  policy = data.aws_iam_policy_document.audit_retention_schedule.json
}

resource "aws_scheduler_schedule" "audit_retention" {
  name                         = "${var.name}-audit-retention"
  description                  = "Daily: archive audit entries past retention (nothing is deleted)"
  schedule_expression          = var.audit_retention_schedule
  schedule_expression_timezone = "UTC"
  # Encrypted with the audit key like the queue it feeds, although the request names only a task.
  kms_key_arn = var.kms_key_arns["audit"]

  flexible_time_window {
    mode                      = "FLEXIBLE"
    maximum_window_in_minutes = 60
  }

  target {
    arn      = aws_sqs_queue.this["audit-maintenance-queue"].arn
    role_arn = aws_iam_role.audit_retention_schedule.arn
    # The event-contracts AuditMaintenance v1 event; the scheduler fills in its execution id and time.
    # The policy tests check that this message, so filled in, passes the contract.
    input = file("${path.module}/audit-retention-request.json")

    retry_policy {
      maximum_event_age_in_seconds = 86400
      maximum_retry_attempts       = 185
    }

    dead_letter_config {
      arn = aws_sqs_queue.dlq["audit-maintenance-queue"].arn
    }
  }
}
