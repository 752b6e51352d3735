# Keys for every data class and the audit signing key; key users are added once roles exist
# (envs/dev passes the functions module's key_user_role_arns).
module "keys" {
  source = "../../"

  name                    = var.name
  rotation_period_in_days = 180
}
