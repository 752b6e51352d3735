output "private_subnet_ids" {
  description = "Private subnets."
  value       = module.network.private_subnet_ids
}

output "interface_endpoint_ids" {
  description = "Interface endpoints by service."
  value       = module.network.interface_endpoint_ids
}
