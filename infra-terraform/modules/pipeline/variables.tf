# No variable here has a default: the environment roots (envs/dev, envs/prod) own the defaults and the
# validations of what each environment may be deployed with, and pass every value on.

variable "name" {
  description = "Name prefix of every resource; the environment is appended (e.g. clinical-pipeline-dev)."
  type        = string
}

variable "environment" {
  description = "Environment name appended to name (dev, prod)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "availability_zones" {
  description = "Availability zones of the region to use (at least two)."
  type        = list(string)
}

variable "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC (/20 or larger)."
  type        = string
}

variable "interface_endpoint_services" {
  description = "Services reached through interface endpoints; sqs, sns and kms are what the functions call (each costs about USD 7.30 a month per AZ)."
  type        = list(string)
}

variable "interface_endpoint_az_count" {
  description = "AZs each interface endpoint spans."
  type        = number
}

variable "package_type" {
  description = "native (<function>.zip on provided.al2023) or jvm (<function>-jvm.zip on java21)."
  type        = string
}

variable "package_directory" {
  description = "Where native-build/ wrote the zips, relative to the directory terraform runs in (the environment root)."
  type        = string
}

variable "architecture" {
  description = "arm64 or x86_64; a native zip must be built for it."
  type        = string
}

variable "pseudonym_secret_ciphertext" {
  description = "Base64 CiphertextBlob of the pseudonym secret under the pseudonym key (docs/deploying.md). Never regenerate it for a running system."
  type        = string
}

variable "audit_retention_days" {
  description = "Object Lock COMPLIANCE retention of audit checkpoints in days (at least 2190, six years)."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of every log group in days (at least 365)."
  type        = number
}

variable "database_instance_count" {
  description = "Aurora Serverless v2 instances (1 writer, plus readers for faster failover)."
  type        = number
}

variable "database_max_capacity" {
  description = "Maximum Aurora capacity units."
  type        = number
}

variable "database_seconds_until_auto_pause" {
  description = "Idle seconds before the database pauses."
  type        = number
}

variable "database_backup_retention_period" {
  description = "Days of automated database backups (7-35)."
  type        = number
}

variable "database_data_api_enabled" {
  description = "Enable the RDS Data API for the one-time GRANT of the IAM database user."
  type        = bool
}

variable "key_administrator_role_arns" {
  description = "Roles that administer the KMS keys without being able to use them; empty means the account root."
  type        = list(string)
}

variable "deployer_role_arns" {
  description = "Roles that run terraform apply and generate the pseudonym secret; empty means the account root."
  type        = list(string)
}

variable "auditor_role_arns" {
  description = "Roles that verify audit checkpoint signatures; empty means the account root."
  type        = list(string)
}

variable "model_governance_sender_arns" {
  description = "Roles of the model-approval workflow allowed to send ModelPromoted events."
  type        = list(string)
}

variable "topic_subscriber_account_ids" {
  description = "Accounts allowed to subscribe to clinician-notifications or ingest-rejections, by topic."
  type        = map(list(string))
}

variable "subscriptions" {
  description = "Subscriber queues to create, with SNS filter policies on facility, unit, band and reviewRequired, and the IAM roles that consume each queue (named in its queue policy and its topic's key policy)."
  type = map(object({
    topic              = string
    filter_policy      = optional(map(list(string)), {})
    consumer_role_arns = optional(list(string), [])
  }))
}

variable "audit_api_client_cidrs" {
  description = "IPv4 CIDRs of the hospital networks (VPN or Direct Connect into the VPC) from which auditors' clients may call the private audit API through the execute-api endpoint."
  type        = list(string)
}

variable "audit_api_jwt_issuer" {
  description = "Issuer (iss) of the hospital identity provider's tokens (https)."
  type        = string
}

variable "audit_api_jwt_audience" {
  description = "Audience (aud) of the tokens issued for the audit API."
  type        = string
}

variable "audit_api_jwt_public_key" {
  description = "The identity provider's token signing public key, base64 DER."
  type        = string
}

variable "audit_signing_public_key" {
  description = "Optional pinned copy of the audit checkpoint signing key's public half, base64 DER; null: the audit API reads it from KMS (GetPublicKey), never from the database."
  type        = string
}

variable "alarm_email_addresses" {
  description = "E-mail addresses that receive alarm notifications."
  type        = list(string)
}

variable "reidentification_caller_arns" {
  description = "IAM role ARNs allowed to invoke the re-identification function; nobody else may (ADR 0087)."
  type        = list(string)
}

variable "gate_report_public_key" {
  description = "Base64 DER public key of the gate-report signing key; empty refuses every model promotion (ADR 0088)."
  type        = string
}

variable "model_approval_jwt" {
  description = "Issuer, audience and base64 DER public key of the identity provider model approvers' tokens come from; empty values refuse every model change (ADR 0089)."
  type = object({
    issuer     = string
    audience   = string
    public_key = string
  })
}

variable "gate_report_signer_arns" {
  description = "Principals (the training pipeline's role) that sign golden-set gate reports with the gate-report signing key."
  type        = list(string)
}

variable "reidentification_jwt" {
  description = "The identity provider whose tokens re-identification callers present (subject, groups, facilities claims): issuer, audience and its base64 DER public key (RS256 or ES256). Empty values refuse every call (ADR 0081)."
  type = object({
    issuer     = string
    audience   = string
    public_key = string
  })
}
