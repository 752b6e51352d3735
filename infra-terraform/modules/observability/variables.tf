variable "name" {
  description = "Name of the dashboard and prefix of the alarms, e.g. clinical-pipeline-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "logs_kms_key_arn" {
  description = "The logs key's ARN; it encrypts the alarm topic (its key policy lets CloudWatch use it)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN."
  }
}

variable "function_names" {
  description = "Function names by function (the functions module's function_names)."
  type        = map(string)
  default     = {}
}

variable "queue_names" {
  description = "Function queue names by logical name (the messaging module's queue_names)."
  type        = map(string)
  default     = {}
}

variable "dead_letter_queue_names" {
  description = "Dead-letter queue names by logical name (the messaging module's dead_letter_queue_names)."
  type        = map(string)
  default     = {}
}

variable "database_cluster_identifier" {
  description = "Aurora cluster identifier, for the capacity widget."
  type        = string
}

variable "drift_metric" {
  description = "The drift flag the scoring function publishes in embedded metric format (ADR 0032): namespace, metric and its dimensions."
  type = object({
    namespace  = string
    name       = string
    dimensions = list(string)
  })
  default = {
    namespace  = "HealthPipeline/Scoring"
    name       = "DriftAlarm"
    dimensions = ["Model", "ModelVersion"]
  }
}

variable "alarm_email_addresses" {
  description = "E-mail addresses subscribed to the alarm topic (each must confirm). Alarm texts name resources only, never data."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_email_addresses must be e-mail addresses."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
