# The audit database in a private network, scaling to zero.
module "keys" {
  source = "../../../keys"

  name = var.name
}

module "network" {
  source = "../../../network"

  name                        = var.name
  availability_zones          = ["${var.region}a", "${var.region}b"]
  interface_endpoint_services = ["sqs", "sns", "kms"]
  interface_endpoint_az_count = 1
  # Required by the network module for the private audit API's endpoint; here: clients inside the VPC only.
  execute_api_client_cidrs = ["10.42.0.0/20"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
}

module "database" {
  source = "../../"

  name                     = "${var.name}-audit"
  subnet_ids               = module.network.database_subnet_ids
  security_group_id        = module.network.database_security_group_id
  kms_key_arn              = module.keys.key_arns["audit"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
  seconds_until_auto_pause = 300
  data_api_enabled         = true
}
