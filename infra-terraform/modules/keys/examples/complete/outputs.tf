output "key_arns" {
  description = "Key ARNs by data class."
  value       = module.keys.key_arns
}

output "audit_signing_key_arn" {
  description = "Audit checkpoint signing key."
  value       = module.keys.audit_signing_key_arn
}
