# The audit API on the audit database in a private network; build its zip first:
# native-build/build --mode jvm audit-api
module "keys" {
  source = "../../../keys"

  name = var.name
  # The function decrypts its environment (and the archive) with the audit key and reads the signing key's public half.
  key_user_role_arns           = { audit = [module.audit_api.role_arn] }
  signature_verifier_role_arns = [module.audit_api.role_arn]
}

module "network" {
  source = "../../../network"

  name                        = var.name
  availability_zones          = ["${var.region}a", "${var.region}b"]
  interface_endpoint_services = ["sqs", "sns", "kms"]
  interface_endpoint_az_count = 1
  execute_api_client_cidrs    = var.client_cidrs
  logs_kms_key_arn            = module.keys.key_arns["logs"]
}

module "database" {
  source = "../../../database"

  name                     = "${var.name}-audit"
  subnet_ids               = module.network.database_subnet_ids
  security_group_id        = module.network.database_security_group_id
  kms_key_arn              = module.keys.key_arns["audit"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
  seconds_until_auto_pause = 300
  data_api_enabled         = true
}

module "audit_api" {
  source = "../../"

  name                     = var.name
  package_type             = "jvm"
  package_directory        = "../../../../../native-build/dist"
  private_subnet_ids       = module.network.private_subnet_ids
  security_group_id        = module.network.audit_api_security_group_id
  environment_kms_key_arn  = module.keys.key_arns["audit"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
  database                 = module.database.connection
  jwt_issuer               = var.jwt_issuer
  jwt_public_key           = var.jwt_public_key
  audit_signing_public_key = var.audit_signing_public_key
  audit_signing_key_arn    = module.keys.audit_signing_key_arn
  audit_archive_bucket = {
    name = var.audit_archive_bucket_name
    arn  = "arn:aws:s3:::${var.audit_archive_bucket_name}"
  }
  execute_api_vpc_endpoint_id = module.network.execute_api_endpoint_id
}
