# Queues, topics and one filtered clinician subscription, fed by a landing bucket.
module "keys" {
  source = "../../../keys"

  name = var.name
  # The roles that reach a key only through the queues and topics under it (ADR 0085).
  key_messaging_user_arns = {
    raw   = module.messaging.subscription_consumer_role_arns["ingest-rejections"]
    deid  = module.messaging.subscription_consumer_role_arns["clinician-notifications"]
    audit = [module.messaging.audit_retention_schedule_role_arn]
  }
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
      consumer_role_arns = [var.review_consumer_role_arn]
    }
  }
}
