output "url" {
  description = "Where auditors' clients call the API (with a client certificate from the truststore's CA and a bearer token)."
  value       = "https://${aws_apigatewayv2_domain_name.this.domain_name}"
}

output "domain_target" {
  description = "Alias target of the custom domain, for DNS managed outside this module."
  value = {
    name    = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
    zone_id = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id
  }
}

output "api_id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "function_name" {
  description = "Name of the audit API function."
  value       = aws_lambda_function.this.function_name
}

output "role_arn" {
  description = "Execution role of the function: add it to the keys module's key_user_role_arns[\"audit\"] so the audit key's policy lets it decrypt its environment."
  value       = aws_iam_role.this.arn
}

output "log_group_names" {
  description = "The function's log group and the API's access log group."
  value = {
    function = aws_cloudwatch_log_group.function.name
    access   = aws_cloudwatch_log_group.access.name
  }
}
