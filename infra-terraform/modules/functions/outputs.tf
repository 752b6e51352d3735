output "function_names" {
  description = "Function names by function (ingestion, deidentification, scoring, audit-writer)."
  value       = { for function, f in aws_lambda_function.this : function => f.function_name }
}

output "function_arns" {
  description = "Function ARNs by function."
  value       = { for function, f in aws_lambda_function.this : function => f.arn }
}

output "role_arns" {
  description = "Execution role ARNs by function."
  value       = { for function, role in aws_iam_role.this : function => role.arn }
}

output "key_user_role_arns" {
  description = "Which roles use which key, by data class: feed it to the keys module's key_user_role_arns so key policies name exactly these roles."
  value = {
    raw           = [aws_iam_role.this["ingestion"].arn, aws_iam_role.this["deidentification"].arn]
    deid          = [aws_iam_role.this["ingestion"].arn, aws_iam_role.this["deidentification"].arn, aws_iam_role.this["scoring"].arn]
    audit         = [for role in aws_iam_role.this : role.arn]
    pseudonym     = [aws_iam_role.this["ingestion"].arn, aws_iam_role.this["deidentification"].arn]
    audit-signing = [aws_iam_role.this["audit-writer"].arn]
  }
}

output "log_group_names" {
  description = "Log group names by function."
  value       = { for function, group in aws_cloudwatch_log_group.this : function => group.name }
}
