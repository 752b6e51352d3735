# Queues, topics and one filtered clinician subscription, fed by a landing bucket.
module "keys" {
  source = "../../../keys"

  name = var.name
}

module "storage" {
  source = "../../../storage"

  name                           = var.name
  kms_key_arns                   = module.keys.key_arns
  landing_notification_queue_arn = module.messaging.ingest_queue_arn
}

module "messaging" {
  source = "../../"

  name               = var.name
  kms_key_arns       = module.keys.key_arns
  landing_bucket_arn = module.storage.landing_bucket_arn

  subscriptions = {
    "high-risk-review" = {
      topic = "clinician-notifications"
      filter_policy = {
        band           = ["high"]
        reviewRequired = ["true"]
      }
    }
  }
}
