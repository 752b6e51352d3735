output "queue_urls" {
  description = "Function queue URLs by queue name (ingest-queue, deidentify-queue, scoring-queue, audit-queue, model-governance-queue, audit-maintenance-queue)."
  value       = { for queue, q in aws_sqs_queue.this : queue => q.url }
}

output "queue_arns" {
  description = "Function queue ARNs by queue name."
  value       = { for queue, q in aws_sqs_queue.this : queue => q.arn }
}

output "queue_names" {
  description = "Function queue names by logical queue name."
  value       = { for queue, q in aws_sqs_queue.this : queue => q.name }
}

output "dead_letter_queue_names" {
  description = "Every dead-letter queue name (function queues, topic subscriptions, subscriber queues) by logical name."
  value       = local.all_dead_letter_queues
}

output "ingest_queue_arn" {
  description = "ARN of the ingest queue, available once its policy allows the landing bucket to send (use it for the bucket notification)."
  value       = aws_sqs_queue.this["ingest-queue"].arn
  depends_on  = [aws_sqs_queue_policy.this]
}

output "topic_arns" {
  description = "SNS topic ARNs by name: clinician-notifications, ingest-rejections."
  value       = { for topic, t in aws_sns_topic.this : topic => t.arn }
}

output "clinician_notifications_topic_arn" {
  description = "The topic clinicians' integrations subscribe to (RiskScored CloudEvents; filter on facility, unit, band, reviewRequired)."
  value       = aws_sns_topic.this["clinician-notifications"].arn
}

output "subscriber_queue_urls" {
  description = "URLs of the example subscriber queues by subscription name."
  value       = { for sub, q in aws_sqs_queue.subscriber : sub => q.url }
}

output "subscription_consumer_role_arns" {
  description = "Consumer roles of the subscriber queues, by topic: a subscriber queue is encrypted with its topic's key, so that key's policy must name them (modules/pipeline does, ADR 0085)."
  value = { for topic in keys(local.topics) : topic => distinct(flatten([
    for subscription in values(var.subscriptions) : subscription.consumer_role_arns if subscription.topic == topic
  ])) }
}

output "audit_retention_schedule_role_arn" {
  description = "The role EventBridge Scheduler sends the daily retention request with: the audit key's policy must name it."
  value       = aws_iam_role.audit_retention_schedule.arn
}
