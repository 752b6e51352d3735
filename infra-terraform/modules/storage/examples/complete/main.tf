# The six zone buckets and the access-log bucket, without the landing notification.
module "keys" {
  source = "../../../keys"

  name = var.name
}

module "storage" {
  source = "../../"

  name                          = var.name
  kms_key_arns                  = module.keys.key_arns
  landing_notifications_enabled = false
  quarantine_expiration_days    = 30
}
