# A private VPC with endpoints in one AZ only: the idle-cost minimum.
module "keys" {
  source = "../../../keys"

  name = var.name
}

module "network" {
  source = "../../"

  name                        = var.name
  availability_zones          = ["${var.region}a", "${var.region}b"]
  interface_endpoint_services = ["sqs", "sns", "kms"]
  interface_endpoint_az_count = 1
  # Who may reach the execute-api endpoint (the private audit API): here the VPC itself.
  execute_api_client_cidrs = ["10.42.0.0/20"]
  logs_kms_key_arn         = module.keys.key_arns["logs"]
}
