output "queue_urls" {
  description = "Queue URLs by name."
  value       = module.messaging.queue_urls
}

output "clinician_notifications_topic_arn" {
  description = "Clinician topic."
  value       = module.messaging.clinician_notifications_topic_arn
}
