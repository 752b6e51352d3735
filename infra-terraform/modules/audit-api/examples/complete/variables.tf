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
  description = "Public half of the audit checkpoint signing key, base64 DER (aws kms get-public-key)."
  type        = string
}

variable "client_cidrs" {
  description = "Networks allowed to call the private API through the execute-api endpoint (here the example VPC's own CIDR)."
  type        = list(string)
  default     = ["10.42.0.0/20"]
}
