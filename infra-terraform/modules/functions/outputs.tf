output "function_names" {
  description = "Function names by function (ingestion, deidentification, scoring, reidentification, audit-writer)."
  value       = { for function, f in aws_lambda_function.this : function => f.function_name }
}

output "function_arns" {
  description = "Function ARNs by function."
  value       = { for function, f in aws_lambda_function.this : function => f.arn }
}

output "role_arns" {
  description = "Execution role ARNs by function: modules/pipeline names them in the key policies of the keys they use (ADR 0085)."
  value       = { for function, role in aws_iam_role.this : function => role.arn }
}

output "log_group_names" {
  description = "Log group names by function."
  value       = { for function, group in aws_cloudwatch_log_group.this : function => group.name }
}
