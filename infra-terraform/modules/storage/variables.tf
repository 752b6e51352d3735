variable "name" {
  description = "Name prefix of the buckets; each is <name>-<zone>-<account id>, e.g. clinical-pipeline-dev-landing-123456789012."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lower-case letters, digits or hyphens (bucket names are at most 63 characters)."
  }
}

variable "kms_key_arns" {
  description = "Customer-managed key ARNs by data class (the keys module's key_arns): raw encrypts landing, raw and quarantine; deid encrypts deid and models; audit encrypts audit-archive."
  type        = map(string)

  validation {
    condition     = alltrue([for class in ["raw", "deid", "audit"] : can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arns[class]))])
    error_message = "kms_key_arns must hold KMS key ARNs for raw, deid and audit."
  }
}

variable "landing_notifications_enabled" {
  description = "Whether the landing bucket sends ObjectCreated notifications to landing_notification_queue_arn (a plain flag, because count cannot depend on an ARN known only after apply)."
  type        = bool
  default     = true
}

variable "landing_notification_queue_arn" {
  description = "ARN of the SQS queue that receives the landing bucket's ObjectCreated notifications (the messaging module's ingest_queue_arn, which is output only after its queue policy allows this bucket)."
  type        = string
  default     = null

  validation {
    condition     = var.landing_notification_queue_arn == null || can(regex("^arn:aws[a-z-]*:sqs:", var.landing_notification_queue_arn))
    error_message = "landing_notification_queue_arn must be an SQS queue ARN."
  }
}

variable "model_pointer_writer_arns" {
  description = "Roles allowed to write or delete active.json in the models bucket (the scoring role, which applies approved ModelPromoted events); everyone else is denied. Empty leaves the pointer to IAM."
  type        = list(string)
  default     = []
}

variable "audit_retention_days" {
  description = "Object Lock COMPLIANCE retention of audit checkpoints, in days. HIPAA documentation retention is six years (2190 days)."
  type        = number
  default     = 2190

  validation {
    condition     = var.audit_retention_days >= 2190
    error_message = "audit_retention_days must be at least 2190 (six years)."
  }
}

variable "landing_expiration_days" {
  description = "Days a landed file is kept after upload (it is copied, encrypted, into the raw zone or quarantined)."
  type        = number
  default     = 30

  validation {
    condition     = var.landing_expiration_days >= 1
    error_message = "landing_expiration_days must be at least 1."
  }
}

variable "raw_expiration_days" {
  description = "Days raw PHI records are kept. Null keeps them until deleted by retention processes outside this module."
  type        = number
  default     = null

  validation {
    condition     = var.raw_expiration_days == null || try(var.raw_expiration_days >= 30, false)
    error_message = "raw_expiration_days must be null or at least 30."
  }
}

variable "quarantine_expiration_days" {
  description = "Days a quarantined file is kept for follow-up with its source."
  type        = number
  default     = 90

  validation {
    condition     = var.quarantine_expiration_days >= 7
    error_message = "quarantine_expiration_days must be at least 7."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept in the zone buckets (recovery window)."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "access_log_retention_days" {
  description = "Days S3 server access logs are kept (six years by default, as audit evidence)."
  type        = number
  default     = 2190

  validation {
    condition     = var.access_log_retention_days >= 365
    error_message = "access_log_retention_days must be at least 365."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
