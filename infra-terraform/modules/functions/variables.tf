variable "name" {
  description = "Name prefix of functions, roles and log groups, e.g. clinical-pipeline-dev (functions are <name>-ingestion, ...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "package_type" {
  description = "Which deployment zips to deploy: native (<function>.zip, a GraalVM bootstrap on provided.al2023) or jvm (<function>-jvm.zip on the java21 runtime)."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.package_type)
    error_message = "package_type must be native or jvm."
  }
}

variable "package_directory" {
  description = "Directory holding the zips native-build/ produces (<function>.zip and <function>-jvm.zip), relative to the directory terraform runs in. The default fits envs/<env>."
  type        = string
  default     = "../../../native-build/dist"
}

variable "architecture" {
  description = "Instruction set of the functions: arm64 (cheaper per GB-second) or x86_64. A native zip must have been built for the same architecture."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (no internet route) the functions run in; at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets are needed."
  }
}

variable "function_security_group_id" {
  description = "Security group of ingestion, deidentification and scoring (the network module's function_security_group_id)."
  type        = string
}

variable "audit_writer_security_group_id" {
  description = "Security group of the audit writer, the only one allowed to reach the database."
  type        = string
}

variable "kms_key_arns" {
  description = "Customer-managed key ARNs by data class (the keys module's key_arns): raw, deid, audit, pseudonym, logs."
  type        = map(string)

  validation {
    condition     = alltrue([for class in ["raw", "deid", "audit", "pseudonym", "logs"] : can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arns[class]))])
    error_message = "kms_key_arns must hold KMS key ARNs for raw, deid, audit, pseudonym and logs."
  }
}

variable "audit_signing_key_arn" {
  description = "ARN of the asymmetric key that signs audit checkpoints."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.audit_signing_key_arn))
    error_message = "audit_signing_key_arn must be a KMS key ARN."
  }
}

variable "bucket_names" {
  description = "Bucket names by zone (the storage module's bucket_names)."
  type        = map(string)
}

variable "bucket_arns" {
  description = "Bucket ARNs by zone (the storage module's bucket_arns)."
  type        = map(string)
}

variable "queue_urls" {
  description = "Queue URLs by queue name (the messaging module's queue_urls)."
  type        = map(string)
}

variable "queue_arns" {
  description = "Queue ARNs by queue name (the messaging module's queue_arns)."
  type        = map(string)
}

variable "topic_arns" {
  description = "Topic ARNs by name (the messaging module's topic_arns)."
  type        = map(string)
}

variable "pseudonym_secret_ciphertext" {
  description = "Base64 of a KMS GenerateDataKeyWithoutPlaintext blob (AES_256) under the pseudonym key with encryption context {\"purpose\":\"pseudonymisation\"}. Ciphertext only: the plaintext never exists outside KMS and the function's memory. See docs/deploying.md."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{100,}={0,2}$", var.pseudonym_secret_ciphertext))
    error_message = "pseudonym_secret_ciphertext must be the base64 CiphertextBlob of a KMS data key (at least 100 base64 characters)."
  }
}

variable "database" {
  description = "The audit database as the database module outputs it: endpoint, port, name, IAM-authenticated username and the cluster resource id (for rds-db:connect)."
  type = object({
    endpoint            = string
    port                = number
    name                = string
    username            = string
    cluster_resource_id = string
  })
}

variable "model_refresh_interval" {
  description = "How often a warm scoring instance re-reads active.json and shadow.json (ISO-8601 duration); the instance that applies a promotion reloads at once."
  type        = string
  default     = "PT60S"

  validation {
    condition     = can(regex("^PT[0-9]+[SM]$", var.model_refresh_interval))
    error_message = "model_refresh_interval must be an ISO-8601 duration in seconds or minutes, e.g. PT60S or PT5M."
  }
}

variable "memory_size" {
  description = "Memory in MB per function (ingestion, deidentification, scoring, audit-writer); missing entries get 1024."
  type        = map(number)
  default = {
    ingestion        = 1024
    deidentification = 1024
    scoring          = 1024
    audit-writer     = 512
  }

  validation {
    condition     = alltrue([for mb in values(var.memory_size) : mb >= 256 && mb <= 10240])
    error_message = "memory sizes must be between 256 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds per function; missing entries get 60. The audit writer's must cover an auto-paused database's ~15 s resume."
  type        = map(number)
  default = {
    ingestion        = 300
    deidentification = 120
    scoring          = 60
    audit-writer     = 60
  }

  validation {
    condition     = alltrue([for seconds in values(var.timeout) : seconds >= 30 && seconds <= 900])
    error_message = "timeouts must be between 30 and 900 seconds (30 leaves room for a database resume)."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrency per function where ordering or a downstream limit matters; missing entries are unreserved."
  type        = map(number)
  default = {
    audit-writer = 2
    # A bound on how fast identities can be resolved, whatever the caller does.
    reidentification = 5
  }
}

variable "maximum_concurrency" {
  description = "Maximum concurrent invocations an event source mapping starts per function (2-1000); the audit writer appends to one hash chain, so it stays low."
  type        = map(number)
  default = {
    audit-writer = 2
  }

  validation {
    condition     = alltrue([for n in values(var.maximum_concurrency) : n >= 2 && n <= 1000])
    error_message = "maximum concurrency must be between 2 and 1000."
  }
}

variable "log_retention_days" {
  description = "Retention of the function log groups in days."
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

variable "audit_checkpoint_every_entries" {
  description = "The audit writer signs a checkpoint after this many new entries (or after audit_checkpoint_every, whichever comes first)."
  type        = number
  default     = 1000

  validation {
    condition     = var.audit_checkpoint_every_entries >= 1 && floor(var.audit_checkpoint_every_entries) == var.audit_checkpoint_every_entries
    error_message = "audit_checkpoint_every_entries must be a whole number of at least 1."
  }
}

variable "audit_checkpoint_every" {
  description = "The longest time between signed audit checkpoints while entries arrive, as an ISO-8601 duration (e.g. PT5M)."
  type        = string
  default     = "PT5M"

  validation {
    condition     = can(regex("^PT[0-9]+[HMS]$", var.audit_checkpoint_every))
    error_message = "audit_checkpoint_every must be an ISO-8601 duration such as PT5M or PT1H."
  }
}

variable "audit_archive_after" {
  description = "Audit entries recorded longer ago than this ISO-8601 duration are copied to the audit archive (S3 Object Lock) by the daily retention run; nothing is deleted. Default six years and two days."
  type        = string
  default     = "P2192D"

  validation {
    condition     = can(regex("^P[0-9]+D$", var.audit_archive_after)) && try(tonumber(regex("^P([0-9]+)D$", var.audit_archive_after)[0]) >= 2192, false)
    error_message = "audit_archive_after must be whole days (PnD) of at least P2192D: six years of accounting of disclosures stay queryable."
  }
}

variable "reidentification_caller_arns" {
  description = "IAM role ARNs allowed to invoke the re-identification function (e.g. the clinician alerting integration's role). Empty: nobody may invoke it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.reidentification_caller_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "reidentification_caller_arns must be IAM role ARNs: an account or service principal would let every role of that account or service invoke it."
  }
}

variable "gate_report_public_key" {
  description = "Base64 DER public key (kms get-public-key) of the key model-training signs golden-set gate reports with. Scoring promotes a model only on a gate report whose detached signature verifies against it; empty refuses every promotion."
  type        = string
  default     = ""
}

variable "model_approval_jwt" {
  description = "The identity provider whose tokens model approvers sign ModelPromoted events with: issuer, audience and its base64 DER public key (RS256 or ES256). Empty values refuse every model change."
  type = object({
    issuer     = string
    audience   = string
    public_key = string
  })
  default = { issuer = "", audience = "", public_key = "" }
}

variable "reidentification_jwt" {
  description = "The identity provider whose tokens re-identification callers present (subject, groups, facilities claims): issuer, audience and its base64 DER public key (RS256 or ES256). Empty values refuse every call."
  type = object({
    issuer     = string
    audience   = string
    public_key = string
  })
  default = { issuer = "", audience = "reidentification", public_key = "" }
}
