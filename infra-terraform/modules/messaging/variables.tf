variable "name" {
  description = "Name prefix of queues and topics, e.g. clinical-pipeline-dev (queues are <name>-ingest-queue, ...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "kms_key_arns" {
  description = "Customer-managed key ARNs by data class (the keys module's key_arns); raw, deid and audit are used."
  type        = map(string)

  validation {
    condition     = alltrue([for class in ["raw", "deid", "audit"] : can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arns[class]))])
    error_message = "kms_key_arns must hold KMS key ARNs for raw, deid and audit."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again (longer is cheaper, 60-86400)."
  type        = number
  default     = 3600

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 86400."
  }
}

variable "landing_bucket_arn" {
  description = "ARN of the landing bucket, the only sender allowed on the ingest queue besides the account."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::", var.landing_bucket_arn))
    error_message = "landing_bucket_arn must be an S3 bucket ARN."
  }
}

variable "max_receive_count" {
  description = "Receives before a message moves to its dead-letter queue (the pipeline and its local run use 3)."
  type        = number
  default     = 3

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 10
    error_message = "max_receive_count must be between 1 and 10."
  }
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout per queue (ingest-queue, deidentify-queue, scoring-queue, audit-queue, model-governance-queue); AWS recommends six times the consuming function's timeout. Missing entries get 360."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for seconds in values(var.visibility_timeout_seconds) : seconds >= 30 && seconds <= 43200])
    error_message = "visibility timeouts must be between 30 and 43200 seconds."
  }
}

variable "message_retention_seconds" {
  description = "Retention of messages in the function queues (the dead-letter queues keep 14 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 3600 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 3600 and 1209600."
  }
}

variable "max_message_age_seconds" {
  description = "Alarm threshold on the age of the oldest message, per queue name; missing entries get 900."
  type        = map(number)
  default     = {}
}

variable "model_governance_sender_arns" {
  description = "Principals (e.g. the model-registry approval workflow's role) allowed to send ModelPromoted events to the model-governance queue."
  type        = list(string)
  default     = []
}

variable "topic_subscriber_account_ids" {
  description = "Other AWS accounts allowed to subscribe to each topic (clinician-notifications, ingest-rejections), e.g. the EHR integration's account."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for topic in keys(var.topic_subscriber_account_ids) : contains(["clinician-notifications", "ingest-rejections"], topic)])
    error_message = "topic_subscriber_account_ids keys must be clinician-notifications or ingest-rejections."
  }
}

variable "subscriptions" {
  description = "Subscriber queues to create, by name: which topic, and an SNS filter policy on the message attributes facility, unit, band and reviewRequired (string values), e.g. { band = [\"high\"], reviewRequired = [\"true\"] }."
  type = map(object({
    topic         = string
    filter_policy = optional(map(list(string)), {})
    # IAM role ARNs that read the subscriber queue: its queue policy and the topic's key policy name them.
    consumer_role_arns = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : contains(["clinician-notifications", "ingest-rejections"], s.topic)])
    error_message = "Each subscription's topic must be clinician-notifications or ingest-rejections."
  }

  validation {
    condition     = alltrue(flatten([for s in values(var.subscriptions) : [for attribute in keys(s.filter_policy) : contains(["facility", "unit", "band", "reviewRequired"], attribute)] if s.topic == "clinician-notifications"]))
    error_message = "Clinician filter policies may only use the attributes scoring publishes: facility, unit, band, reviewRequired."
  }
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm changes state (e.g. the observability module's alarm topic)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "audit_retention_schedule" {
  description = "When EventBridge Scheduler asks the audit writer to archive entries past retention (UTC), e.g. cron(15 3 * * ? *)."
  type        = string
  default     = "cron(15 3 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.audit_retention_schedule))
    error_message = "audit_retention_schedule must be an EventBridge Scheduler cron(...) or rate(...) expression."
  }
}
