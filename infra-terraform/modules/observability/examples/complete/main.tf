# The alarm topic, drift alarm and dashboard for an existing deployment's names.
module "keys" {
  source = "../../../keys"

  name = var.name
}

module "observability" {
  source = "../../"

  name             = var.name
  logs_kms_key_arn = module.keys.key_arns["logs"]
  function_names = {
    ingestion = "${var.name}-ingestion"
    scoring   = "${var.name}-scoring"
  }
  queue_names = {
    "ingest-queue" = "${var.name}-ingest-queue"
  }
  dead_letter_queue_names = {
    "ingest-queue-dlq" = "${var.name}-ingest-queue-dlq"
  }
  database_cluster_identifier = "${var.name}-audit"
  alarm_email_addresses       = ["oncall@example.org"]
}
