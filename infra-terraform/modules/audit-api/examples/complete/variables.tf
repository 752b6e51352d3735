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

variable "domain_name" {
  description = "Custom domain of the API (its ACM certificate must exist in the region)."
  type        = string
  default     = "audit-api.pipeline.hospital.example"
}

variable "certificate_arn" {
  description = "ACM certificate of domain_name."
  type        = string
  default     = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
}

variable "truststore_uri" {
  description = "s3:// URI of the PEM bundle of the hospital CA that issues client certificates."
  type        = string
  default     = "s3://hospital-pki-example/audit-api/truststore.pem"
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
  description = "Public half of the audit checkpoint signing key, base64 DER (aws kms get-public-key)."
  type        = string
}
