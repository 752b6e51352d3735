# The dev deployment: one call of the pipeline module. envs/dev and envs/prod call it the same way; they
# differ in their variables' defaults and validations (variables.tf: what dev may be deployed with).

locals {
  environment = "dev"
}

module "pipeline" {
  source = "../../modules/pipeline"

  name                              = var.name
  environment                       = local.environment
  availability_zones                = var.availability_zones
  vpc_cidr_block                    = var.vpc_cidr_block
  interface_endpoint_services       = var.interface_endpoint_services
  interface_endpoint_az_count       = var.interface_endpoint_az_count
  package_type                      = var.package_type
  package_directory                 = var.package_directory
  architecture                      = var.architecture
  pseudonym_secret_ciphertext       = var.pseudonym_secret_ciphertext
  audit_retention_days              = var.audit_retention_days
  log_retention_days                = var.log_retention_days
  database_instance_count           = var.database_instance_count
  database_max_capacity             = var.database_max_capacity
  database_seconds_until_auto_pause = var.database_seconds_until_auto_pause
  database_backup_retention_period  = var.database_backup_retention_period
  database_data_api_enabled         = var.database_data_api_enabled
  key_administrator_role_arns       = var.key_administrator_role_arns
  deployer_role_arns                = var.deployer_role_arns
  auditor_role_arns                 = var.auditor_role_arns
  model_governance_sender_arns      = var.model_governance_sender_arns
  topic_subscriber_account_ids      = var.topic_subscriber_account_ids
  subscriptions                     = var.subscriptions
  reidentification_caller_arns      = var.reidentification_caller_arns
  gate_report_public_key            = var.gate_report_public_key
  model_approval_jwt                = var.model_approval_jwt
  reidentification_jwt              = var.reidentification_jwt
  gate_report_signer_arns           = var.gate_report_signer_arns
  audit_api_client_cidrs            = var.audit_api_client_cidrs
  audit_api_jwt_issuer              = var.audit_api_jwt_issuer
  audit_api_jwt_audience            = var.audit_api_jwt_audience
  audit_api_jwt_public_key          = var.audit_api_jwt_public_key
  audit_signing_public_key          = var.audit_signing_public_key
  alarm_email_addresses             = var.alarm_email_addresses
}
