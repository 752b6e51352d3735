output "key_arns" {
  description = "ARNs of the symmetric customer-managed keys by data class: raw, deid, audit, pseudonym, logs."
  value       = { for class, key in aws_kms_key.this : class => key.arn }
}

output "key_aliases" {
  description = "Alias names by data class."
  value       = { for class, alias in aws_kms_alias.this : class => alias.name }
}

output "audit_signing_key_arn" {
  description = "ARN of the ECC_NIST_P256 SIGN_VERIFY key that signs audit checkpoints."
  value       = aws_kms_key.audit_signing.arn
}

output "gate_report_signing_key_arn" {
  description = "ARN of the ECC_NIST_P256 SIGN_VERIFY key golden-set gate reports are signed with; pin its public key (aws kms get-public-key) as gate_report_public_key."
  value       = aws_kms_key.gate_report_signing.arn
}
