variable "name" {
  description = "Name prefix of the keys' aliases, e.g. clinical-pipeline-dev (aliases are alias/<name>-<data class>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "key_user_role_arns" {
  description = "Principals that use each key directly (their own KMS calls, their environment, S3 objects under it), by data class (raw, deid, audit, pseudonym, logs, audit-signing). modules/pipeline builds it from the roles that use each key (ADR 0085)."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for class in keys(var.key_user_role_arns) : contains(["raw", "deid", "audit", "pseudonym", "logs", "audit-signing"], class)])
    error_message = "key_user_role_arns keys must be data classes: raw, deid, audit, pseudonym, logs, audit-signing."
  }
}

variable "key_messaging_user_arns" {
  description = "Principals that use a key only through SQS, SNS or EventBridge Scheduler (a queue or topic under it), by data class (raw, deid, audit): their statement carries kms:ViaService. Principals also in key_user_role_arns need not be repeated."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for class in keys(var.key_messaging_user_arns) : contains(["raw", "deid", "audit"], class)])
    error_message = "key_messaging_user_arns keys must be data classes with queues or topics: raw, deid, audit."
  }
}

variable "administrator_role_arns" {
  description = "Principals that administer the keys (never use them). Empty means the account root, i.e. delegated to IAM."
  type        = list(string)
  default     = []
}

variable "deployer_role_arns" {
  description = "Principals that deploy resources encrypted under the keys (Encrypt and grants for AWS resources, and GenerateDataKeyWithoutPlaintext to create the pseudonym secret). Empty means the account root."
  type        = list(string)
  default     = []
}

variable "signature_verifier_role_arns" {
  description = "Roles of functions that read the audit signing key's public half to verify checkpoints (the audit API's role): kms:GetPublicKey only."
  type        = list(string)
  default     = []
}

variable "auditor_role_arns" {
  description = "Principals that may verify audit checkpoint signatures. Empty means the account root."
  type        = list(string)
  default     = []
}

variable "gate_report_signer_arns" {
  description = "Principals that sign golden-set gate reports (the training pipeline's role): kms:Sign on the gate-report signing key. Empty: nobody can sign, so no model can be promoted."
  type        = list(string)
  default     = []
}

variable "rotation_period_in_days" {
  description = "Automatic rotation period of the symmetric keys (KMS allows 90 to 2560 days)."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "rotation_period_in_days must be between 90 and 2560."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
