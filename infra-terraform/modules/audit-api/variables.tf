variable "name" {
  description = "Name prefix, e.g. clinical-pipeline-dev (the function, role and API are <name>-audit-api)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "package_type" {
  description = "Which zip to deploy: native (audit-api.zip, bootstrap on provided.al2023) or jvm (audit-api-jvm.zip on java21)."
  type        = string
  default     = "native"

  validation {
    condition     = contains(["native", "jvm"], var.package_type)
    error_message = "package_type must be native or jvm."
  }
}

variable "package_directory" {
  description = "Directory holding the zips native-build/ produces (audit-api.zip, audit-api-jvm.zip), relative to the directory terraform runs in. The default fits envs/<env>."
  type        = string
  default     = "../../../native-build/dist"
}

variable "architecture" {
  description = "Instruction set of the function: arm64 or x86_64. A native zip must have been built for it."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (no internet route) the function runs in; at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets are needed."
  }
}

variable "security_group_id" {
  description = "Security group of the function: PostgreSQL to the database and nothing else (the network module's audit_api_security_group_id)."
  type        = string
}

variable "environment_kms_key_arn" {
  description = "Customer-managed key encrypting the function's environment (the audit key); the role may only Decrypt with it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.environment_kms_key_arn))
    error_message = "environment_kms_key_arn must be a KMS key ARN."
  }
}

variable "logs_kms_key_arn" {
  description = "Customer-managed key of the function's and the API's access log groups."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN."
  }
}

variable "database" {
  description = "The audit database as the database module outputs it (endpoint, port, name, cluster_resource_id; its username is the writer's and is not used here)."
  type = object({
    endpoint            = string
    port                = number
    name                = string
    cluster_resource_id = string
  })
}

variable "database_username" {
  description = "Database user the API connects as with an IAM token: a member of the read-only role audit_reader (never the application role), granted rds_iam (docs/deploying.md). Not the writer's user."
  type        = string
  default     = "audit_api"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.database_username))
    error_message = "database_username must be a PostgreSQL identifier in lower case."
  }
}

variable "jwt_issuer" {
  description = "Issuer (iss) of the hospital identity provider's tokens, an https URL; the function checks it on every token."
  type        = string

  validation {
    condition     = can(regex("^https://", var.jwt_issuer))
    error_message = "jwt_issuer must be an https URL."
  }
}

variable "jwt_audience" {
  description = "Audience (aud) the tokens must carry, checked by the function."
  type        = string
  default     = "audit-api"
}

variable "jwt_public_key" {
  description = "The identity provider's token signing public key, base64 DER SubjectPublicKeyInfo (RSA or EC): the function verifies every token with it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+/]{80,}={0,2}$", var.jwt_public_key))
    error_message = "jwt_public_key must be a base64 DER public key."
  }
}

variable "audit_signing_key_arn" {
  description = "ARN of the audit checkpoint signing key (the keys module's audit_signing_key_arn): verification reads its public half with kms:GetPublicKey, never a key stored in the database (ADR 0076). Its key policy must let this module's role read the public half (keys module: signature_verifier_role_arns)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.audit_signing_key_arn))
    error_message = "audit_signing_key_arn must be a KMS key ARN."
  }
}

variable "audit_archive_bucket" {
  description = "The audit archive (Object Lock) bucket as the storage module names it: name and arn. Verification lists and reads its checkpoints/ and segments/."
  type = object({
    name = string
    arn  = string
  })
}

variable "audit_signing_public_key" {
  description = "Optional pinned copy of the audit checkpoint signing key's public half, base64 DER (an auditor's `aws kms get-public-key`): when set, verification uses it instead of asking KMS. null: KMS GetPublicKey."
  type        = string
  default     = null

  validation {
    condition     = var.audit_signing_public_key == null || can(regex("^[A-Za-z0-9+/]{80,}={0,2}$", var.audit_signing_public_key))
    error_message = "audit_signing_public_key must be a base64 DER public key, or null."
  }
}

variable "execute_api_vpc_endpoint_id" {
  description = "The execute-api interface endpoint (the network module's execute_api_endpoint_id): the private API's only entrance; its resource policy refuses every request that does not come through it."
  type        = string

  validation {
    condition     = can(regex("^vpce-[0-9a-f]+$", var.execute_api_vpc_endpoint_id))
    error_message = "execute_api_vpc_endpoint_id must be a VPC endpoint ID (vpce-...)."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_size >= 256 && var.memory_size <= 10240
    error_message = "memory_size must be between 256 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of the function in seconds, also the gateway's integration timeout; at most 29 (a REST API's default integration limit), enough for a paused database's ~15 s resume."
  type        = number
  default     = 29

  validation {
    condition     = var.timeout >= 20 && var.timeout <= 29
    error_message = "timeout must be between 20 and 29 seconds."
  }
}

variable "reserved_concurrency" {
  description = "Concurrent instances at most; each holds up to 4 database connections."
  type        = number
  default     = 5

  validation {
    condition     = var.reserved_concurrency >= 1 && var.reserved_concurrency <= 50
    error_message = "reserved_concurrency must be between 1 and 50."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second the stage lets through, for all methods (method settings */*)."
  type        = number
  default     = 10

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 100
    error_message = "throttling_rate_limit must be between 1 and 100 requests per second."
  }
}

variable "throttling_burst_limit" {
  description = "Burst of requests the gateway lets through above the rate."
  type        = number
  default     = 20

  validation {
    condition     = var.throttling_burst_limit > 0 && var.throttling_burst_limit <= 200
    error_message = "throttling_burst_limit must be between 1 and 200."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's and the access log groups in days."
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
