output "alarm_topic_arn" {
  description = "ARN of the encrypted topic every alarm notifies; subscribe operations' paging or chat integration here."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
