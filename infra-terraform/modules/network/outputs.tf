output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets the functions and interface endpoints use (no route to the internet)."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "IDs of the database subnets (no route to the internet)."
  value       = aws_subnet.database[*].id
}

output "function_security_group_id" {
  description = "Security group of the functions that need only AWS services (HTTPS to endpoints and S3)."
  value       = aws_security_group.functions.id
}

output "audit_writer_security_group_id" {
  description = "Security group of the audit writer (as functions, plus PostgreSQL to the database)."
  value       = aws_security_group.audit_writer.id
}

output "audit_api_security_group_id" {
  description = "Security group of the audit API function (PostgreSQL to the database, nothing else)."
  value       = aws_security_group.audit_api.id
}

output "database_security_group_id" {
  description = "Security group of the Aurora cluster (PostgreSQL from the audit writer and the audit API only)."
  value       = aws_security_group.database.id
}

output "s3_endpoint_id" {
  description = "ID of the S3 gateway endpoint (bucket policies may restrict access to it with aws:sourceVpce)."
  value       = aws_vpc_endpoint.s3.id
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs by service name."
  value       = { for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }
}

output "execute_api_endpoint_id" {
  description = "ID of the execute-api interface endpoint, the only way into the private audit API (its resource policy names it)."
  value       = aws_vpc_endpoint.execute_api.id
}
