variable "name" {
  description = "Cluster identifier and name prefix, e.g. clinical-pipeline-dev-audit."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,50}$", var.name))
    error_message = "name must be 3-51 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "subnet_ids" {
  description = "Private database subnets in at least two AZs (the network module's database_subnet_ids)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Aurora needs subnets in at least two availability zones."
  }
}

variable "security_group_id" {
  description = "Security group of the cluster (the network module's database_security_group_id: 5432 from the audit writer only)."
  type        = string
}

variable "kms_key_arn" {
  description = "The audit key's ARN: it encrypts the cluster storage, snapshots, the master-user secret and Performance Insights."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "logs_kms_key_arn" {
  description = "The logs key's ARN, for the exported PostgreSQL log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL version; scaling to 0 ACU needs 16.3 or later (or 15.7+, 14.12+, 13.15+)."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^16\\.([3-9]|[1-9][0-9])", var.engine_version))
    error_message = "engine_version must be Aurora PostgreSQL 16.3 or later (the parameter group family is aurora-postgresql16)."
  }
}

variable "database_name" {
  description = "Name of the audit database."
  type        = string
  default     = "audit"
}

variable "iam_database_username" {
  description = "Database user the audit writer connects as with an IAM token (created once with GRANT rds_iam, see docs/deploying.md)."
  type        = string
  default     = "audit_writer"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.iam_database_username))
    error_message = "iam_database_username must be a PostgreSQL identifier in lower case."
  }
}

variable "min_capacity" {
  description = "Minimum Aurora capacity units; 0 lets the instances pause when idle."
  type        = number
  default     = 0

  validation {
    condition     = var.min_capacity >= 0 && var.min_capacity <= 256
    error_message = "min_capacity must be between 0 and 256."
  }
}

variable "max_capacity" {
  description = "Maximum Aurora capacity units (1 ACU is about 2 GB of memory)."
  type        = number
  default     = 4

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256
    error_message = "max_capacity must be between 1 and 256."
  }
}

variable "seconds_until_auto_pause" {
  description = "Idle seconds before a 0-ACU instance pauses (300 to 86400)."
  type        = number
  default     = 300

  validation {
    condition     = var.seconds_until_auto_pause >= 300 && var.seconds_until_auto_pause <= 86400
    error_message = "seconds_until_auto_pause must be between 300 and 86400."
  }
}

variable "instance_count" {
  description = "Serverless v2 instances: 1 writer, plus readers in other AZs for faster failover (each pauses independently)."
  type        = number
  default     = 1

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 3
    error_message = "instance_count must be between 1 and 3."
  }
}

variable "backup_retention_period" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 14

  validation {
    condition     = var.backup_retention_period >= 7 && var.backup_retention_period <= 35
    error_message = "backup_retention_period must be between 7 and 35 days."
  }
}

variable "deletion_protection" {
  description = "Deletion protection of the cluster; keep it on (turn it off deliberately in a separate apply before destroying)."
  type        = bool
  default     = true
}

variable "data_api_enabled" {
  description = "Enable the RDS Data API (HTTPS, IAM-authorised) so operators can run the one-time GRANT without a network path into the VPC."
  type        = bool
  default     = false
}

variable "performance_insights_enabled" {
  description = "Performance Insights (7 days free), encrypted with the audit key. Off by default to keep the idle footprint minimal."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL log group in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value of at least 365 days."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
