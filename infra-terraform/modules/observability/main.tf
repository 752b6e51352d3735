# Alarms and one dashboard: function errors and throttles, dead letters and queue age (the alarms
# themselves live with the queues in the messaging module; this shows them), database capacity,
# and model drift. Alarm notifications go to an encrypted topic operations subscribes to.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region = data.aws_region.current.region
  tags   = merge(var.tags, { "pipeline:module" = "observability" })
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.logs_kms_key_arn

  tags = local.tags
}

data "aws_iam_policy_document" "alarms" {
  statement {
    sid       = "CloudWatchAlarmsOfThisAccount"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish", "sns:Subscribe"]
    resources = [aws_sns_topic.alarms.arn]
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
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms.json
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = var.function_names

  alarm_name          = "${each.value}-errors"
  alarm_description   = "${each.key} failed invocations (whole batches, not batch item failures): see its log group; messages retry and then dead-letter."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  for_each = var.function_names

  alarm_name          = "${each.value}-throttles"
  alarm_description   = "${each.key} is throttled: raise its reserved concurrency or the account limit."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = local.tags
}

# Model drift (ADR 0032): scoring emits DriftAlarm = 1 in embedded metric format when the share of features whose
# population stability index exceeds the manifest's threshold is too high, with dimensions Model and ModelVersion.
# A Metrics Insights query covers every model and version without naming them.
locals {
  drift_query = "SELECT MAX(${var.drift_metric.name}) FROM SCHEMA(\"${var.drift_metric.namespace}\", ${join(", ", var.drift_metric.dimensions)})"
}

resource "aws_cloudwatch_metric_alarm" "score_drift" {
  alarm_name          = "${var.name}-score-drift"
  alarm_description   = "The input population of the active model drifted from its training data (DriftAlarm): review the model before trusting its bands."
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "drift"
    expression  = local.drift_query
    period      = 300
    return_data = true
  }

  tags = local.tags
}

locals {
  lambda_metric = { for metric in ["Invocations", "Errors", "Throttles"] : metric => [
    for function, name in var.function_names : ["AWS/Lambda", metric, "FunctionName", name, { label = function, stat = "Sum" }]
  ] }

  widgets = [
    { title = "Invocations", metrics = local.lambda_metric["Invocations"] },
    { title = "Errors", metrics = local.lambda_metric["Errors"] },
    { title = "Throttles", metrics = local.lambda_metric["Throttles"] },
    { title = "Duration p99 (ms)", metrics = [for function, name in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", name, { label = function, stat = "p99" }]] },
    { title = "Messages waiting", metrics = [for queue, name in var.queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name, { label = queue, stat = "Maximum" }]] },
    { title = "Oldest message age (s)", metrics = [for queue, name in var.queue_names : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", name, { label = queue, stat = "Maximum" }]] },
    { title = "Dead letters", metrics = [for queue, name in var.dead_letter_queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name, { label = queue, stat = "Maximum" }]] },
    { title = "Audit database capacity (ACU)", metrics = [["AWS/RDS", "ServerlessDatabaseCapacity", "DBClusterIdentifier", var.database_cluster_identifier, { stat = "Maximum" }]] },
    { title = "Model drift alarm (1 = drifted)", metrics = [[{ expression = local.drift_query, id = "drift", label = "DriftAlarm" }]] },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [for index, widget in local.widgets : {
      type   = "metric"
      x      = (index % 3) * 8
      y      = floor(index / 3) * 6
      width  = 8
      height = 6
      properties = {
        title   = widget.title
        region  = local.region
        view    = "timeSeries"
        stacked = false
        period  = 300
        metrics = widget.metrics
      }
    }]
  })
}
