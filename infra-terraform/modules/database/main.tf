# The audit database: Aurora PostgreSQL Serverless v2 that scales to 0 ACU and pauses when idle
# (no compute charge while paused; the first connection resumes it in about 15 s, which the audit
# writer's timeout and the audit queue absorb). IAM authentication for the function, TLS required,
# storage encrypted with the audit key, deletion protection and backups.

locals {
  tags = merge(var.tags, { "pipeline:module" = "database" })
}

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Private database subnets of ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = local.tags
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${var.name}-aurora-postgresql16"
  family      = "aurora-postgresql16"
  description = "TLS-only connections and statement logging without parameters (no PHI) for ${var.name}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }

  # Statement parameters could carry data: log DDL only. (Failed statements are logged without their
  # bind parameters: log_parameter_max_length_on_error stays at its default, 0.)
  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  tags = local.tags
}

# RDS writes the exported PostgreSQL log here; created first so it is CMK-encrypted with retention.
resource "aws_cloudwatch_log_group" "postgresql" {
  name              = "/aws/rds/cluster/${var.name}/postgresql"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = local.tags
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.name
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name

  master_username                     = "pipeline_admin"
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.kms_key_arn
  iam_database_authentication_enabled = true

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [var.security_group_id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
  port                            = 5432

  storage_encrypted = true
  kms_key_id        = var.kms_key_arn

  serverlessv2_scaling_configuration {
    min_capacity             = var.min_capacity
    max_capacity             = var.max_capacity
    seconds_until_auto_pause = var.seconds_until_auto_pause
  }

  backup_retention_period      = var.backup_retention_period
  preferred_backup_window      = "03:00-04:00"
  preferred_maintenance_window = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot        = true
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${var.name}-final"

  enabled_cloudwatch_logs_exports = ["postgresql"]
  enable_http_endpoint            = var.data_api_enabled

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.postgresql]
}

resource "aws_rds_cluster_instance" "this" {
  count = var.instance_count

  identifier                   = "${var.name}-${count.index + 1}"
  cluster_identifier           = aws_rds_cluster.this.id
  instance_class               = "db.serverless"
  engine                       = aws_rds_cluster.this.engine
  engine_version               = aws_rds_cluster.this.engine_version
  db_subnet_group_name         = aws_db_subnet_group.this.name
  publicly_accessible          = false
  auto_minor_version_upgrade   = true
  copy_tags_to_snapshot        = true
  performance_insights_enabled = var.performance_insights_enabled
  # Performance Insights data (query digests) is encrypted with the audit key like the cluster.
  performance_insights_kms_key_id = var.performance_insights_enabled ? var.kms_key_arn : null

  tags = local.tags
}
