# The whole pipeline of one environment: the modules wired together. envs/dev and envs/prod each call this
# module once; what differs between them is only what their variables allow (defaults and validations).
# Every value an environment may choose is a variable here without a default, so a caller cannot forget one.

locals {
  name = "${var.name}-${var.environment}"

  # Queue visibility timeouts are six times the consuming function's timeout (AWS's recommendation
  # for SQS event sources), so a message is never visible again while it is being processed.
  function_timeouts = {
    ingestion        = 300
    deidentification = 120
    scoring          = 60
    audit-writer     = 60
  }
  visibility_timeouts = {
    "ingest-queue"           = 6 * local.function_timeouts["ingestion"]
    "deidentify-queue"       = 6 * local.function_timeouts["deidentification"]
    "scoring-queue"          = 6 * local.function_timeouts["scoring"]
    "model-governance-queue" = 6 * local.function_timeouts["scoring"]
    "audit-queue"            = 6 * local.function_timeouts["audit-writer"]
  }
}

# Who uses each key (ADR 0085). Direct users call KMS themselves (envelope encryption, the pseudonym secret, their
# environment) or through S3; messaging users reach a key only through SQS, SNS or EventBridge Scheduler, and the key
# policy says so with kms:ViaService. The policy tests derive both lists from the roles' policies and the keys of the
# queues, topics and subscriber queues they touch, and fail when a list here names one role too few or too many.
locals {
  key_direct_users = {
    raw = [
      module.functions.role_arns["ingestion"], module.functions.role_arns["deidentification"],
      module.functions.role_arns["reidentification"],
    ]
    deid  = [module.functions.role_arns["deidentification"], module.functions.role_arns["scoring"]]
    audit = [module.functions.role_arns["audit-writer"], module.audit_api.role_arn]
    pseudonym = [
      module.functions.role_arns["ingestion"], # keyed references of landing keys (ADR 0070)
      module.functions.role_arns["deidentification"], module.functions.role_arns["reidentification"],
    ]
    audit-signing = [module.functions.role_arns["audit-writer"]]
  }
  key_messaging_users = {
    raw = module.messaging.subscription_consumer_role_arns["ingest-rejections"]
    deid = concat(
      [module.functions.role_arns["ingestion"]], # sends RecordsIngested to the deidentify queue
      var.model_governance_sender_arns,
      module.messaging.subscription_consumer_role_arns["clinician-notifications"],
    )
    audit = [
      module.functions.role_arns["ingestion"], module.functions.role_arns["deidentification"],
      module.functions.role_arns["scoring"], module.functions.role_arns["reidentification"],
      module.messaging.audit_retention_schedule_role_arn,
    ]
  }
}

module "keys" {
  source = "../keys"

  name                    = local.name
  key_user_role_arns      = local.key_direct_users
  key_messaging_user_arns = local.key_messaging_users
  administrator_role_arns = var.key_administrator_role_arns
  deployer_role_arns      = var.deployer_role_arns
  auditor_role_arns       = var.auditor_role_arns
  # The audit API reads the signing key's public half to verify checkpoints.
  signature_verifier_role_arns = [module.audit_api.role_arn]
  gate_report_signer_arns      = var.gate_report_signer_arns
}

module "network" {
  source = "../network"

  name                        = local.name
  cidr_block                  = var.vpc_cidr_block
  availability_zones          = var.availability_zones
  interface_endpoint_services = var.interface_endpoint_services
  interface_endpoint_az_count = var.interface_endpoint_az_count
  execute_api_client_cidrs    = var.audit_api_client_cidrs
  logs_kms_key_arn            = module.keys.key_arns["logs"]
  log_retention_days          = var.log_retention_days
}

module "storage" {
  source = "../storage"

  name                           = local.name
  kms_key_arns                   = module.keys.key_arns
  landing_notification_queue_arn = module.messaging.ingest_queue_arn
  model_pointer_writer_arns      = [module.functions.role_arns["scoring"]]
  audit_retention_days           = var.audit_retention_days
}

module "messaging" {
  source = "../messaging"

  name                         = local.name
  kms_key_arns                 = module.keys.key_arns
  landing_bucket_arn           = module.storage.landing_bucket_arn
  visibility_timeout_seconds   = local.visibility_timeouts
  model_governance_sender_arns = var.model_governance_sender_arns
  topic_subscriber_account_ids = var.topic_subscriber_account_ids
  subscriptions                = var.subscriptions
  alarm_actions                = [module.observability.alarm_topic_arn]
}

module "database" {
  source = "../database"

  name                     = "${local.name}-audit"
  subnet_ids               = module.network.database_subnet_ids
  security_group_id        = module.network.database_security_group_id
  kms_key_arn              = module.keys.key_arns["audit"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
  instance_count           = var.database_instance_count
  max_capacity             = var.database_max_capacity
  seconds_until_auto_pause = var.database_seconds_until_auto_pause
  backup_retention_period  = var.database_backup_retention_period
  deletion_protection      = true
  data_api_enabled         = var.database_data_api_enabled
  log_retention_days       = var.log_retention_days
}

module "functions" {
  source = "../functions"

  name                           = local.name
  package_type                   = var.package_type
  package_directory              = var.package_directory
  architecture                   = var.architecture
  private_subnet_ids             = module.network.private_subnet_ids
  function_security_group_id     = module.network.function_security_group_id
  audit_writer_security_group_id = module.network.audit_writer_security_group_id
  kms_key_arns                   = module.keys.key_arns
  audit_signing_key_arn          = module.keys.audit_signing_key_arn
  bucket_names                   = module.storage.bucket_names
  bucket_arns                    = module.storage.bucket_arns
  queue_urls                     = module.messaging.queue_urls
  queue_arns                     = module.messaging.queue_arns
  topic_arns                     = module.messaging.topic_arns
  pseudonym_secret_ciphertext    = var.pseudonym_secret_ciphertext
  reidentification_caller_arns   = var.reidentification_caller_arns
  gate_report_public_key         = var.gate_report_public_key
  model_approval_jwt             = var.model_approval_jwt
  reidentification_jwt           = var.reidentification_jwt
  database                       = module.database.connection
  timeout                        = local.function_timeouts
  log_retention_days             = var.log_retention_days
}

module "audit_api" {
  source = "../audit-api"

  name                     = local.name
  package_type             = var.package_type
  package_directory        = var.package_directory
  architecture             = var.architecture
  private_subnet_ids       = module.network.private_subnet_ids
  security_group_id        = module.network.audit_api_security_group_id
  environment_kms_key_arn  = module.keys.key_arns["audit"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
  database                 = module.database.connection
  jwt_issuer               = var.audit_api_jwt_issuer
  jwt_audience             = var.audit_api_jwt_audience
  jwt_public_key           = var.audit_api_jwt_public_key
  audit_signing_public_key = var.audit_signing_public_key
  audit_signing_key_arn    = module.keys.audit_signing_key_arn
  audit_archive_bucket = {
    name = module.storage.bucket_names["audit-archive"]
    arn  = module.storage.bucket_arns["audit-archive"]
  }
  execute_api_vpc_endpoint_id = module.network.execute_api_endpoint_id
  log_retention_days          = var.log_retention_days
}

module "observability" {
  source = "../observability"

  name                        = local.name
  logs_kms_key_arn            = module.keys.key_arns["logs"]
  function_names              = merge(module.functions.function_names, { audit-api = module.audit_api.function_name })
  queue_names                 = module.messaging.queue_names
  dead_letter_queue_names     = module.messaging.dead_letter_queue_names
  database_cluster_identifier = module.database.cluster_identifier
  alarm_email_addresses       = var.alarm_email_addresses
}
