variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of the example's resources."
  type        = string
  default     = "pipeline-example"
}

variable "jwt_issuer" {
  description = "Issuer of the hospital identity provider's tokens."
  type        = string
  default     = "https://login.hospital.example/realms/workforce"
}

variable "jwt_public_key" {
  description = "The identity provider's signing public key, base64 DER."
  type        = string
}

variable "audit_signing_public_key" {
  description = "Optional pinned copy of the audit checkpoint signing key's public half, base64 DER (aws kms get-public-key); null: the API asks KMS."
  type        = string
  default     = null
}

variable "audit_archive_bucket_name" {
  description = "The audit archive (Object Lock) bucket the audit writer signs checkpoints into (the storage module's audit-archive bucket)."
  type        = string
}

variable "client_cidrs" {
  description = "Networks allowed to call the private API through the execute-api endpoint (here the example VPC's own CIDR)."
  type        = list(string)
  default     = ["10.42.0.0/20"]
}
