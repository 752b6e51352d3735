output "connection" {
  description = "What the audit writer connects with."
  value       = module.database.connection
}
