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

variable "review_consumer_role_arn" {
  description = "The role that reads the high-risk-review subscriber queue (the clinician review service's)."
  type        = string
  default     = "arn:aws:iam::123456789012:role/clinician-review"
}
