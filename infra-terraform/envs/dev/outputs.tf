# What the environment hands out (docs/deploying.md, step 6): the pipeline module's outputs, re-exported.
# Their descriptions are in ../../modules/pipeline/outputs.tf.

output "landing_bucket" {
  value = module.pipeline.landing_bucket
}

output "landing_upload_example" {
  value = module.pipeline.landing_upload_example
}

output "clinician_notifications_topic_arn" {
  value = module.pipeline.clinician_notifications_topic_arn
}

output "ingest_rejections_topic_arn" {
  value = module.pipeline.ingest_rejections_topic_arn
}

output "model_governance_queue_url" {
  value = module.pipeline.model_governance_queue_url
}

output "models_bucket" {
  value = module.pipeline.models_bucket
}

output "pseudonym_key_alias" {
  value = module.pipeline.pseudonym_key_alias
}

output "audit_database" {
  value = module.pipeline.audit_database
}

output "audit_api_url" {
  value = module.pipeline.audit_api_url
}

output "audit_api_id" {
  value = module.pipeline.audit_api_id
}

output "audit_signing_key_arn" {
  value = module.pipeline.audit_signing_key_arn
}

output "alarm_topic_arn" {
  value = module.pipeline.alarm_topic_arn
}

output "dashboard_name" {
  value = module.pipeline.dashboard_name
}

output "function_names" {
  value = module.pipeline.function_names
}

output "subscriber_queue_urls" {
  value = module.pipeline.subscriber_queue_urls
}

output "gate_report_signing_key_arn" {
  description = "For the training pipeline: sign gate reports with this key; pin its public key as gate_report_public_key."
  value       = module.pipeline.gate_report_signing_key_arn
}
