output "url" {
  description = "The API's address, reachable only through the execute-api VPC endpoint (a bearer token required)."
  value       = module.audit_api.url
}

output "api_id" {
  description = "ID of the private REST API."
  value       = module.audit_api.api_id
}
