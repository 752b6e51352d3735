output "bucket_names" {
  description = "Bucket names by zone."
  value       = module.storage.bucket_names
}
