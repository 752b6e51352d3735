output "bucket_names" {
  description = "Bucket names by zone: landing, raw, quarantine, deid, models, audit-archive."
  value       = merge({ for zone, bucket in aws_s3_bucket.this : zone => bucket.id }, { "audit-archive" = aws_s3_bucket.audit_archive.id })
}

output "bucket_arns" {
  description = "Bucket ARNs by zone."
  value       = merge({ for zone, bucket in aws_s3_bucket.this : zone => bucket.arn }, { "audit-archive" = aws_s3_bucket.audit_archive.arn })
}

output "landing_bucket_name" {
  description = "Where upstream systems put files: s3://<this>/<source>/<file>."
  value       = aws_s3_bucket.this["landing"].id
}

output "landing_bucket_arn" {
  description = "ARN of the landing bucket (the ingest queue's policy allows it to send notifications)."
  value       = aws_s3_bucket.this["landing"].arn
}

output "access_log_bucket_name" {
  description = "Bucket receiving the S3 server access logs of every pipeline bucket."
  value       = aws_s3_bucket.access_logs.id
}
