output "landing_bucket" {
  description = "For upstream systems: put files (FHIR R4 Bundle JSON, FHIR NDJSON optionally gzip, HL7 v2) at s3://<this>/<source>/<file> over TLS; SSE-KMS under the raw key is applied by default."
  value       = module.storage.landing_bucket_name
}

output "landing_upload_example" {
  description = "An upload command for upstream systems."
  value       = "aws s3 cp bundle.json s3://${module.storage.landing_bucket_name}/<source>/bundle.json"
}

output "clinician_notifications_topic_arn" {
  description = "For clinicians' integrations: subscribe (SQS or HTTPS, raw message delivery) with a filter policy on facility, unit, band, reviewRequired; deduplicate by CloudEvent id."
  value       = module.messaging.clinician_notifications_topic_arn
}

output "ingest_rejections_topic_arn" {
  description = "For operations and data-quality follow-up: IngestRejected events for quarantined files."
  value       = module.messaging.topic_arns["ingest-rejections"]
}

output "model_governance_queue_url" {
  description = "Where the model-approval workflow sends ModelPromoted events."
  value       = module.messaging.queue_urls["model-governance-queue"]
}

output "models_bucket" {
  description = "Where model packages (ONNX + manifest) are uploaded before promotion."
  value       = module.storage.bucket_names["models"]
}

output "pseudonym_key_alias" {
  description = "Alias of the key to generate the pseudonym secret under (docs/deploying.md)."
  value       = module.keys.key_aliases["pseudonym"]
}

output "audit_database" {
  description = "Audit database endpoint, database name and IAM user (auditors query through an IAM-authenticated session)."
  value = {
    endpoint = module.database.connection.endpoint
    name     = module.database.connection.name
    username = module.database.connection.username
  }
}

output "audit_api_url" {
  description = "For auditors and privacy officers: the private audit API, reachable only through the execute-api VPC endpoint from audit_api_client_cidrs, with a bearer token of the identity provider."
  value       = module.audit_api.url
}

output "audit_api_id" {
  description = "ID of the private audit API (the x-apigw-api-id header, for clients calling the endpoint's own DNS name)."
  value       = module.audit_api.api_id
}

output "audit_signing_key_arn" {
  description = "Key whose public part verifies audit checkpoints (kms get-public-key)."
  value       = module.keys.audit_signing_key_arn
}

output "alarm_topic_arn" {
  description = "Topic every alarm notifies; subscribe the on-call integration."
  value       = module.observability.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the pipeline."
  value       = module.observability.dashboard_name
}

output "function_names" {
  description = "Lambda function names by function."
  value       = module.functions.function_names
}

output "subscriber_queue_urls" {
  description = "URLs of the example subscriber queues."
  value       = module.messaging.subscriber_queue_urls
}

output "gate_report_signing_key_arn" {
  description = "For the training pipeline: sign gate reports with this key (aws kms sign, ECDSA_SHA_256, RAW message); pin its public key as gate_report_public_key."
  value       = module.keys.gate_report_signing_key_arn
}
