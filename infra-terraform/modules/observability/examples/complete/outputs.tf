output "alarm_topic_arn" {
  description = "Alarm topic."
  value       = module.observability.alarm_topic_arn
}
