output "cluster_arn" {
  description = "ARN of the Aurora cluster."
  value       = aws_rds_cluster.this.arn
}

output "cluster_identifier" {
  description = "Identifier of the Aurora cluster (for dashboards and alarms)."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "connection" {
  description = "What the audit writer needs: writer endpoint, port, database name, IAM username and the cluster resource id for rds-db:connect."
  value = {
    endpoint            = aws_rds_cluster.this.endpoint
    port                = aws_rds_cluster.this.port
    name                = aws_rds_cluster.this.database_name
    username            = var.iam_database_username
    cluster_resource_id = aws_rds_cluster.this.cluster_resource_id
  }
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret of the master user (managed and rotated by RDS); for administration only."
  value       = try(aws_rds_cluster.this.master_user_secret[0].secret_arn, null)
}
