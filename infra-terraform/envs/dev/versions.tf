terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
  }

  # State holds resource identifiers, not secrets, but it is still confidential: keep it in an
  # encrypted, versioned, access-logged bucket. Configure with `terraform init -backend-config=backend.hcl`
  # (see backend.hcl.example).
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      "pipeline:environment" = local.environment
      "pipeline:managed-by"  = "terraform"
    })
  }
}
