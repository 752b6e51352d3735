output "url" {
  description = "Where auditors' clients call the API, from a network allowed to reach the execute-api endpoint, with a bearer token. Resolves only inside the VPC (the endpoint's private DNS) or through a resolver forwarding to it."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "api_id" {
  description = "ID of the private REST API (clients outside the VPC's DNS may call https://<vpce DNS name> with the header x-apigw-api-id: <api_id>)."
  value       = aws_api_gateway_rest_api.this.id
}

output "function_name" {
  description = "Name of the audit API function."
  value       = aws_lambda_function.this.function_name
}

output "role_arn" {
  description = "Execution role of the function: name it among the audit key's direct users (the keys module's key_user_role_arns[\"audit\"]) so the audit key's policy lets it decrypt its environment."
  value       = aws_iam_role.this.arn
}

output "log_group_names" {
  description = "The function's log group and the API's access log group."
  value = {
    function = aws_cloudwatch_log_group.function.name
    access   = aws_cloudwatch_log_group.access.name
  }
}
