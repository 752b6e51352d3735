variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource; the environment is appended (e.g. clinical-pipeline-dev)."
  type        = string
  default     = "clinical-pipeline"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3-21 lower-case letters, digits or hyphens (bucket names append zone and account id)."
  }
}

variable "availability_zones" {
  description = "Availability zones of the region to use (at least two)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are needed."
  }
}

variable "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC (/20 or larger)."
  type        = string
  default     = "10.42.0.0/20"
}

variable "interface_endpoint_services" {
  description = "Services reached through interface endpoints; sqs, sns and kms are what the functions call. Each costs about USD 7.30 a month per AZ."
  type        = list(string)
  default     = ["sqs", "sns", "kms", "sts", "logs"]
}

variable "interface_endpoint_az_count" {
  description = "AZs each interface endpoint spans; at least 2 in production so an AZ failure does not cut the functions off from SQS, SNS and KMS."
  type        = number
  default     = 2

  validation {
    condition     = var.interface_endpoint_az_count >= 2
    error_message = "Production endpoints must span at least two AZs."
  }
}

variable "package_type" {
  description = "native (<function>.zip on provided.al2023) or jvm (<function>-jvm.zip on java21)."
  type        = string
  default     = "native"
}

variable "package_directory" {
  description = "Where native-build/ wrote the zips, relative to this directory."
  type        = string
  default     = "../../../native-build/dist"
}

variable "architecture" {
  description = "arm64 or x86_64; a native zip must be built for it."
  type        = string
  default     = "arm64"
}

variable "pseudonym_secret_ciphertext" {
  description = "Base64 CiphertextBlob of `aws kms generate-data-key-without-plaintext` under the pseudonym key with encryption context purpose=pseudonymisation (docs/deploying.md). Never regenerate it for a running system: every pseudonym and date shift would change."
  type        = string
}

variable "audit_retention_days" {
  description = "Object Lock COMPLIANCE retention of audit checkpoints in days (at least 2190, six years)."
  type        = number
  default     = 2190
}

variable "log_retention_days" {
  description = "Retention of every log group in days; six years in production."
  type        = number
  default     = 2192

  validation {
    condition     = var.log_retention_days >= 2192
    error_message = "Production logs are kept at least six years (2192 days, the CloudWatch value above 2190)."
  }
}

variable "database_instance_count" {
  description = "Aurora Serverless v2 instances: a writer and a reader in another AZ (both pause when idle)."
  type        = number
  default     = 2

  validation {
    condition     = var.database_instance_count >= 2
    error_message = "Production runs a writer and a reader in another AZ for failover."
  }
}

variable "database_max_capacity" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 16
}

variable "database_seconds_until_auto_pause" {
  description = "Idle seconds before the database pauses."
  type        = number
  default     = 900
}

variable "database_backup_retention_period" {
  description = "Days of automated database backups (7-35)."
  type        = number
  default     = 35

  validation {
    condition     = var.database_backup_retention_period >= 14
    error_message = "Production keeps at least 14 days of backups."
  }
}

variable "database_data_api_enabled" {
  description = "Enable the RDS Data API for the one-time GRANT of the IAM database user."
  type        = bool
  default     = false
}

variable "key_administrator_role_arns" {
  description = "Roles that administer the KMS keys without being able to use them; empty means the account root."
  type        = list(string)
  default     = []
}

variable "deployer_role_arns" {
  description = "Roles that run terraform apply and generate the pseudonym secret; empty means the account root."
  type        = list(string)
  default     = []
}

variable "auditor_role_arns" {
  description = "Roles that verify audit checkpoint signatures; empty means the account root."
  type        = list(string)
  default     = []
}

variable "model_governance_sender_arns" {
  description = "Roles of the model-approval workflow allowed to send ModelPromoted events."
  type        = list(string)
  default     = []
}

variable "topic_subscriber_account_ids" {
  description = "Accounts allowed to subscribe to clinician-notifications or ingest-rejections, by topic."
  type        = map(list(string))
  default     = {}
}

variable "subscriptions" {
  description = "Subscriber queues to create, with SNS filter policies on facility, unit, band and reviewRequired, and the IAM roles that consume each queue (named in its queue policy and its topic's key policy)."
  type = map(object({
    topic              = string
    filter_policy      = optional(map(list(string)), {})
    consumer_role_arns = optional(list(string), [])
  }))
  default = {}
}

variable "audit_api_client_cidrs" {
  description = "IPv4 CIDRs of the hospital networks (reaching the VPC over VPN or Direct Connect) from which auditors' clients may call the private audit API through the execute-api endpoint."
  type        = list(string)
}

variable "audit_api_jwt_issuer" {
  description = "Issuer (iss) of the hospital identity provider's tokens (https)."
  type        = string
}

variable "audit_api_jwt_audience" {
  description = "Audience (aud) of the tokens issued for the audit API."
  type        = string
  default     = "audit-api"
}

variable "audit_api_jwt_public_key" {
  description = "The identity provider's token signing public key, base64 DER; the function verifies every token again with it."
  type        = string
}

variable "audit_signing_public_key" {
  description = "Optional pinned copy of the audit checkpoint signing key's public half, base64 DER: `aws kms get-public-key --key-id <audit_signing_key_arn> --query PublicKey --output text`, run by an auditor; null: the audit API reads it from KMS (GetPublicKey), never from the database."
  type        = string
  default     = null
}

variable "alarm_email_addresses" {
  description = "E-mail addresses that receive alarm notifications."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource (through the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "reidentification_caller_arns" {
  description = "IAM role ARNs allowed to invoke the re-identification function (the clinician alerting integration's role); empty: nobody may invoke it."
  type        = list(string)
  default     = []
}

variable "gate_report_public_key" {
  description = "Base64 DER public key (kms get-public-key) of the key golden-set gate reports are signed with; empty: scoring refuses every model promotion."
  type        = string
  default     = ""
}

variable "model_approval_jwt" {
  description = "Issuer, audience and base64 DER public key of the identity provider model approvers sign in with; ModelPromoted events carry its token. Empty: scoring refuses every model change."
  type = object({
    issuer     = string
    audience   = string
    public_key = string
  })
  default = { issuer = "", audience = "", public_key = "" }
}

variable "gate_report_signer_arns" {
  description = "Principals (the training pipeline's role) allowed to sign golden-set gate reports; empty: nobody can sign, so no model can be promoted."
  type        = list(string)
  default     = []
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
