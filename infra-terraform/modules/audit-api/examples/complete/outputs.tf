output "url" {
  description = "The API's address (mutual TLS and a bearer token required)."
  value       = module.audit_api.url
}

output "domain_target" {
  description = "Alias target for the domain's DNS record."
  value       = module.audit_api.domain_target
}
