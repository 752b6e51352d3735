variable "name" {
  description = "Name prefix of every network resource, e.g. clinical-pipeline-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC; a /20 or larger (private and database subnets are /24 slices of a /20)."
  type        = string
  default     = "10.42.0.0/20"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(tonumber(split("/", var.cidr_block)[1]) <= 20, false)
    error_message = "cidr_block must be a valid IPv4 CIDR of /20 or larger."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over, in order of preference."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are needed (Lambda and Aurora both want two)."
  }
}

variable "az_count" {
  description = "How many of availability_zones get private and database subnets (free); at least 2, at most the zones given."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6
    error_message = "az_count must be between 2 and 6."
  }
}

variable "interface_endpoint_services" {
  description = "AWS services reached through interface endpoints (each costs about USD 7.30 a month per AZ). The functions call SQS, SNS and KMS; STS and CloudWatch Logs are kept for SDK credential and log tooling inside the VPC."
  type        = list(string)
  default     = ["sqs", "sns", "kms", "sts", "logs"]

  validation {
    condition     = alltrue([for s in ["sqs", "sns", "kms"] : contains(var.interface_endpoint_services, s)])
    error_message = "sqs, sns and kms endpoints are required: without them the functions cannot reach those services (there is no NAT)."
  }

  validation {
    condition     = alltrue([for s in var.interface_endpoint_services : contains(["sqs", "sns", "kms", "sts", "logs"], s)])
    error_message = "interface_endpoint_services may list sqs, sns, kms, sts and logs: each endpoint's policy allows the actions the pipeline uses on that service, and no others are known."
  }

  validation {
    condition     = !contains(var.interface_endpoint_services, "execute-api")
    error_message = "execute-api has its own endpoint and security group (aws_vpc_endpoint.execute_api); do not list it here."
  }
}

variable "execute_api_client_cidrs" {
  description = "IPv4 CIDRs allowed to reach the execute-api endpoint (the private audit API) on 443: the hospital networks routed into the VPC over VPN or Direct Connect, and the VPC's own CIDR if clients run inside it. Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = length(var.execute_api_client_cidrs) > 0 && alltrue([for c in var.execute_api_client_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")])
    error_message = "execute_api_client_cidrs must list at least one valid IPv4 CIDR, none of them /0."
  }
}

variable "interface_endpoint_az_count" {
  description = "In how many AZs each interface endpoint gets a network interface. 1 is the idle-cost minimum (an endpoint is reachable from every AZ of the VPC, at the price of availability if that AZ fails); use 2 or more in production."
  type        = number
  default     = 2

  validation {
    condition     = var.interface_endpoint_az_count >= 1 && var.interface_endpoint_az_count <= 6
    error_message = "interface_endpoint_az_count must be between 1 and 6."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the flow-log group (the keys module's logs key)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN."
  }
}

variable "log_retention_days" {
  description = "Retention of the flow-log group in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value of at least 365 days."
  }
}

variable "flow_log_traffic_type" {
  description = "Which traffic the VPC flow log records: REJECT (cheapest, shows blocked attempts), ACCEPT or ALL."
  type        = string
  default     = "REJECT"

  validation {
    condition     = contains(["REJECT", "ACCEPT", "ALL"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be REJECT, ACCEPT or ALL."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
